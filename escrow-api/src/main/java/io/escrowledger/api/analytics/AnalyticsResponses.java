package io.escrowledger.api.analytics;

import io.escrowledger.projections.analytics.AnalyticsQueries;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The analytics answers on the wire (docs/analytics.md), shared by /v1/analytics and the dashboard. */
final class AnalyticsResponses {

    private AnalyticsResponses() {
    }

    @Schema(name = "AnalyticsSummary", description = "Figures over the escrows created in [from, to): the caller's "
            + "own (or, on the dashboard, one integrator's or all). The analytics tables follow the events within "
            + "moments, so a command just answered may not be counted yet.")
    record Summary(
            @Schema(nullable = true, description = "The integrator covered; null for all (dashboard only)")
            String integratorId,
            @Schema(nullable = true) Instant from,
            @Schema(nullable = true) Instant to,
            @Schema(nullable = true, description = "The only currency covered; null for all") String currency,
            long escrows,
            @Schema(description = "Escrows per state", example = "{\"RELEASED\": 12, \"FUNDED\": 3}")
            Map<String, Long> escrowsByState,
            @Schema(description = "One entry per currency: amounts in different currencies are never added together")
            List<Volume> volumes,
            Disputes disputes,
            @Schema(description = "From funding to release, for released escrows") Percentiles timeToReleaseSeconds,
            @Schema(description = "From opening to decision, for resolved disputes") Percentiles timeToResolveSeconds,
            @Schema(nullable = true, description = "Per day and currency; only on the dashboard") List<Day> daily,
            @Schema(nullable = true, description = "The platform's fee revenue per day and currency (days money was "
                                                   + "paid out); only on the dashboard")
            List<FeeDay> dailyFees) {

        static Summary of(String integratorId, Instant from, Instant to, String currency,
                          AnalyticsQueries.Summary summary, List<AnalyticsQueries.DailyVolume> daily,
                          List<AnalyticsQueries.DailyFees> dailyFees) {
            AnalyticsQueries.Disputes disputes = summary.disputes();
            return new Summary(integratorId, from, to, currency, summary.escrows(), summary.escrowsByState(),
                    summary.volumes().stream().map(v -> new Volume(v.currency(), v.escrows(), v.totalAmount(),
                            v.heldAmount(), v.releasedAmount(), v.refundedAmount())).toList(),
                    new Disputes(disputes.opened(), disputes.resolved(), disputes.disputeRate(), disputes.byReason(),
                            disputes.byDecision(), disputes.recommendationAgreementRate()),
                    Percentiles.of(summary.timeToReleaseSeconds()), Percentiles.of(summary.timeToResolveSeconds()),
                    daily == null ? null : daily.stream().map(d -> new Day(d.day(), d.currency(), d.escrowsCreated(),
                            d.amountCreated(), d.amountReleased(), d.amountRefunded(), d.disputesOpened())).toList(),
                    dailyFees == null ? null : dailyFees.stream().map(d -> new FeeDay(d.day(), d.currency(),
                            d.feeRevenue(), d.feesReturned(), d.grossPaidOut(), d.payoutsWithFee())).toList());
        }
    }

    @Schema(name = "AnalyticsVolume", description = "Amounts in minor units of one currency")
    record Volume( String currency,
                   long escrows,
                   long totalAmount,
                   long heldAmount,
                   long releasedAmount,
                   long refundedAmount) {
    }

    @Schema(name = "AnalyticsDisputes")
    record Disputes( long opened,
                     long resolved,
                    @Schema(nullable = true, description = "Escrows that had a dispute, per funded escrow (0 to 1); "
                            + "null with none funded") Double disputeRate,
                    @Schema(description = "Disputes per reason_code")
                    Map<String, Long> byReason,
                    @Schema(description = "Decisions per outcome")
                    Map<String, Long> byDecision,
                    @Schema(nullable = true, description = "Decisions whose outcome was the recommendation's, per "
                            + "decision that had one (0 to 1); null with none") Double recommendationAgreementRate) {
    }

    @Schema(name = "AnalyticsPercentiles", description = "Seconds; the percentiles are null when count is 0")
    record Percentiles( long count,
                       @Schema(nullable = true) Double p50,
                       @Schema(nullable = true) Double p90,
                       @Schema(nullable = true) Double p99) {

        static Percentiles of(AnalyticsQueries.Percentiles figures) {
            return new Percentiles(figures.count(), figures.p50(), figures.p90(), figures.p99());
        }
    }

    @Schema(name = "AnalyticsDay", description = "One day (UTC) of one currency")
    record Day( LocalDate day,
                String currency,
                long escrowsCreated,
                long amountCreated,
                long amountReleased,
                long amountRefunded,
                long disputesOpened) {
    }

    @Schema(name = "AnalyticsFeeDay", description = "One day (UTC) of one currency's platform fees, in minor units")
    record FeeDay(LocalDate day,
                  String currency,
                  @Schema(description = "The fees the platform took") long feeRevenue,
                  @Schema(description = "The fees it gave up (refunds returning them, the client's share of a "
                                        + "decision)") long feesReturned,
                  @Schema(description = "The gross paid out by releases, refunds and decisions") long grossPaidOut,
                  @Schema(description = "Payouts that carried a fee") long payoutsWithFee) {
    }
}
