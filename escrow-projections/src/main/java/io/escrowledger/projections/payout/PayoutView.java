package io.escrowledger.projections.payout;

import java.time.Instant;
import java.util.List;

/**
 * A payout as the read model holds it: what one release, refund or decision paid one party, and what the integrator
 * transferred for it. Amounts are minor units of {@code currency}.
 *
 * @param status UNRECONCILED, PARTIALLY_RECONCILED, RECONCILED or OVER_PAID
 */
public record PayoutView(String payoutId,
                         String escrowId,
                         String kind,
                         String party,
                         String milestoneId,
                         String disputeId,
                         String currency,
                         long expectedAmount,
                         long transferredAmount,
                         String status,
                         Instant expectedAt,
                         Instant lastTransferAt,
                         Instant flaggedAt,
                         List<Transfer> transfers) {

    public record Transfer(String reference, long amount, Instant executedAt, Instant recordedAt) {
    }

    PayoutView withTransfers(List<Transfer> all) {
        return new PayoutView(payoutId, escrowId, kind, party, milestoneId, disputeId, currency, expectedAmount,
                transferredAmount, status, expectedAt, lastTransferAt, flaggedAt, List.copyOf(all));
    }
}
