package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.EscrowState;

import java.time.Instant;
import java.util.List;

/** An escrow as the read model holds it. Amounts are minor units of {@code currency}. */
public record EscrowView(String escrowId,
                         String externalId,
                         EscrowState state,
                         String currency,
                         long totalAmount,
                         long heldAmount,
                         long releasedAmount,
                         long refundedAmount,
                         String externalPaymentRef,
                         Instant createdAt,
                         Instant fundedAt,
                         Instant closedAt,
                         Instant updatedAt,
                         long lastEventSequence,
                         String disputeId,
                         String fundingVaultId,
                         String clientId,
                         String contractorId,
                         String chainHead,
                         List<MilestoneView> milestones) {
}
