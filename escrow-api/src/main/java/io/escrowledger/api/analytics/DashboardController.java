package io.escrowledger.api.analytics;

import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.ApiException;
import io.escrowledger.api.web.Ids;
import io.escrowledger.projections.analytics.AnalyticsQueries;
import io.escrowledger.projections.audit.AuditQueries;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The analysts' dashboard: a page of charts (/dashboard) over the data of /dashboard/api, across integrators, behind
 * the analyst or admin token (DashboardTokenFilter).
 */
@Tag(name = "Dashboard", description = "The analytics dashboard's data, across integrators: for analysts and "
                                       + "operators, with the analyst or admin token.")
@RestController
public class DashboardController {

    private final AnalyticsQueries queries;
    private final AuditQueries audit;
    private final String page;

    public DashboardController(AnalyticsQueries queries, AuditQueries audit) throws IOException {
        this.queries = queries;
        this.audit = audit;
        this.page = new ClassPathResource("dashboard/index.html").getContentAsString(StandardCharsets.UTF_8);
    }

    @Hidden
    @GetMapping(path = "/dashboard", produces = MediaType.TEXT_HTML_VALUE)
    String page() {
        return page;
    }

    @Schema(name = "DashboardIntegrator")
    record Integrator( String id,
                       String name) {
    }

    @Operation(operationId = "listDashboardIntegrators", summary = "Integrators with escrows",
            description = "The integrators that have escrows in the analytics tables, by name: the choices of the "
                          + "dashboard's integrator filter.")
    @GetMapping("/dashboard/api/integrators")
    List<Integrator> integrators() {
        return queries.integrators().stream().map(i -> new Integrator(i.id(), i.name())).toList();
    }

    @Operation(operationId = "getDashboardSummary", summary = "Summary figures, with a daily series",
            description = "As GET /v1/analytics/summary, for one integrator or (without integrator_id) for all, "
                          + "with the daily volumes and the daily platform fee revenue.")
    @GetMapping("/dashboard/api/summary")
    AnalyticsResponses.Summary summary(
            @Parameter(description = "One integrator; all without it") @RequestParam(name = "integrator_id",
                    required = false) String integratorId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String currency) {
        AnalyticsParameters parameters = AnalyticsParameters.read(from, to, currency);
        var filter = parameters.forIntegrator(integratorId);
        return AnalyticsResponses.Summary.of(integratorId, parameters.from(), parameters.to(), parameters.currency(),
                queries.summary(filter), queries.daily(filter), queries.dailyFees(filter));
    }

    @Schema(name = "DashboardUnreconciledPayouts",
            description = "Payouts still owed more than was transferred, in one age bucket and currency")
    record UnreconciledPayouts(@Schema(example = "USD") String currency,
                               @Schema(example = "1_to_3_days",
                                       allowableValues = {"under_1_day", "1_to_3_days", "3_to_7_days", "over_7_days"},
                                       description = "How long since the release, refund or decision paid them out")
                               String ageBucket,
                               @Schema(example = "4") long payouts,
                               @Schema(example = "52500", description = "What they are still owed, in minor units")
                               long outstandingAmount) {
    }

    @Operation(operationId = "getDashboardUnreconciledPayouts", summary = "Unreconciled payouts by age",
            description = "analytics.unreconciled_payouts_by_age, for one integrator or (without integrator_id) all.")
    @GetMapping("/dashboard/api/unreconciled-payouts")
    List<UnreconciledPayouts> unreconciledPayouts(
            @Parameter(description = "One integrator; all without it") @RequestParam(name = "integrator_id",
                    required = false) String integratorId) {
        return queries.unreconciledPayoutsByAge(integratorId).stream()
                      .map(row -> new UnreconciledPayouts(row.currency(), row.ageBucket(), row.payouts(),
                              row.outstandingAmount()))
                      .toList();
    }

    @Schema(name = "TimelineEvent", description = "One event of an escrow's history")
    record TimelineEvent( long sequence,
                         @Schema(example = "DisputeOpenedEvent")
                         String type,
                          String occurredAt,
                         @Schema(nullable = true) String integratorId,
                         @Schema(nullable = true, description = "Its link in the hash chain (docs/audit.md)")
                         String hash) {
    }

    @Operation(operationId = "getDashboardTimeline", summary = "An escrow's event timeline",
            description = "Every event of one escrow (any integrator's), in order.")
    @GetMapping("/dashboard/api/escrows/{escrowId}/timeline")
    List<TimelineEvent> timeline(@PathVariable String escrowId) {
        if (!Ids.ESCROW.isWellFormed(escrowId)) {
            throw new ApiException(ApiError.ESCROW_NOT_FOUND, "No escrow " + escrowId);
        }
        List<TimelineEvent> events = audit.history(escrowId).stream()
                .map(chained -> new TimelineEvent(chained.event().sequence(),
                        chained.event().typeName(),
                        chained.event().timestamp(), chained.event().integratorId(), chained.hash()))
                .toList();
        if (events.isEmpty()) {
            throw new ApiException(ApiError.ESCROW_NOT_FOUND, "No escrow " + escrowId);
        }
        return events;
    }
}
