package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.value.EscrowState;

import java.time.Instant;
import java.util.List;

/**
 * An escrow as the read model holds it. Amounts are minor units of {@code currency}.
 *
 * @param condition    the release condition and its progress, or null when the escrow has none
 * @param refundReason why money went back to the client: requested, expired, oracle_rejected or dispute_decision
 */
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
                         ConditionView condition,
                         Instant expiresAt,
                         Instant expiredAt,
                         String refundReason,
                         List<MilestoneView> milestones) {

    EscrowView withDetails(List<MilestoneView> allMilestones, ConditionView fullCondition) {
        return new EscrowView(escrowId, externalId, state, currency, totalAmount, heldAmount, releasedAmount,
                refundedAmount, externalPaymentRef, createdAt, fundedAt, closedAt, updatedAt, lastEventSequence,
                disputeId, fundingVaultId, clientId, contractorId, chainHead, fullCondition, expiresAt, expiredAt,
                refundReason, List.copyOf(allMilestones));
    }
}
