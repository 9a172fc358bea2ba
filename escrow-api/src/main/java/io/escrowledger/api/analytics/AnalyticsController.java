package io.escrowledger.api.analytics;

import io.escrowledger.api.web.RequestContext;
import io.escrowledger.projections.analytics.AnalyticsQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;

/** An integrator's own analytics: the summary analysts ask for most, and every escrow as CSV (docs/analytics.md). */
@Tag(name = "Analytics", description = "Figures over your escrows and disputes, and a CSV export of your escrows.")
@RestController
@RequestMapping("/v1/analytics")
public record AnalyticsController(AnalyticsQueries queries) {

    static final String CSV = "text/csv";

    @Operation(operationId = "getAnalyticsSummary", summary = "Summary figures",
            description = "Counts and volumes by state, dispute rate, reasons and outcomes, how often decisions "
                          + "followed the recommendation, and percentiles of the time to release and to resolve, "
                          + "over your escrows created in [from, to).")
    @GetMapping("/summary")
    AnalyticsResponses.Summary summary(
            @Parameter(description = "RFC 3339; escrows created at or after it") @RequestParam(required = false) String from,
            @Parameter(description = "RFC 3339; escrows created before it") @RequestParam(required = false) String to,
            @Parameter(description = "Only escrows in this currency", example = "USD")
            @RequestParam(required = false) String currency,
            RequestContext context) {
        AnalyticsParameters parameters = AnalyticsParameters.read(from, to, currency);
        String integratorId = context.integratorId();
        return AnalyticsResponses.Summary.of(integratorId, parameters.from(), parameters.to(), parameters.currency(),
                queries.summary(parameters.forIntegrator(integratorId)), null, null);
    }

    @Operation(operationId = "exportEscrowsCsv", summary = "Every escrow as CSV",
            description = "One row per escrow created in [from, to), oldest first, with the columns of "
                          + "analytics.escrows (docs/analytics.md), streamed: any size, constant memory. RFC 4180 "
                          + "quoting; a text value starting with = + - or @ is prefixed with ' so that spreadsheets "
                          + "do not run it as a formula.")
    @ApiResponse(responseCode = "200", description = "The CSV, with a header row",
            content = @Content(mediaType = CSV, schema = @Schema(type = "string")))
    @GetMapping(path = "/escrows.csv", produces = CSV)
    ResponseEntity<StreamingResponseBody> escrowsCsv(@RequestParam(required = false) String from,
                                                     @RequestParam(required = false) String to,
                                                     @RequestParam(required = false) String currency,
                                                     RequestContext context) {
        AnalyticsParameters parameters = AnalyticsParameters.read(from, to, currency);
        String integratorId = context.integratorId();
        StreamingResponseBody body = out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            writer.write(CsvRows.line(AnalyticsQueries.ESCROW_COLUMNS.toArray(String[]::new)));
            queries.exportEscrows(parameters.forIntegrator(integratorId), values -> CsvRows.write(writer, values));
            writer.flush();
        };
        return ResponseEntity.ok()
                             .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"escrows.csv\"")
                             .header(HttpHeaders.CONTENT_TYPE, CSV + "; charset=utf-8")
                             .body(body);
    }
}
