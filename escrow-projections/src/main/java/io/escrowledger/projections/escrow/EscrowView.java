package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.PlatformFee;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An escrow as the read model holds it. Amounts are minor units of {@code currency}.
 *
 * @param condition    the release condition and its progress, or null when the escrow has none
 * @param refundReason why money went back to the client: requested, expired, oracle_rejected or dispute_decision
 * @param cancellationReason why the integrator cancelled the escrow, null unless it is CANCELLED
 * @param paymentFailure the last payment declared failed before funding, or null
 * @param reversal the reversal (chargeback) of the funding payment, or null: the escrow is frozen once there is one
 * @param platformFee  the escrow's fee terms, null for none; {@code feeAmount} the whole fee worked out over the
 *                     milestones
 * @param releasedFee  the fee taken from what went to the contractor (releases and a decision)
 * @param refundedFee  the fee the platform kept of what went back to the client
 * @param feeReturned  the fee shares the platform gave up (refunds returning the fee, the client's side of a decision)
 * @param testClockId  the test clock the escrow runs on, null for real time
 * @param metadata     the integrator's key/value pairs, sorted by key
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
                         List<MilestoneView> milestones,
                         String cancellationReason,
                         PaymentFailure paymentFailure,
                         Reversal reversal,
                         PlatformFee platformFee,
                         long feeAmount,
                         long releasedFee,
                         long refundedFee,
                         long feeReturned,
                         String testClockId,
                         Map<String, String> metadata) {

    /** A payment the integrator declared failed: the escrow stayed unfunded. */
    public record PaymentFailure(String externalPaymentRef, String reason, Instant failedAt) {
    }

    /** The funding payment was reversed: nothing is released from then on. */
    public record Reversal(String reason, Instant reversedAt) {
    }

    EscrowView withDetails(List<MilestoneView> allMilestones, ConditionView fullCondition) {
        return new EscrowView(escrowId, externalId, state, currency, totalAmount, heldAmount, releasedAmount,
                refundedAmount, externalPaymentRef, createdAt, fundedAt, closedAt, updatedAt, lastEventSequence,
                disputeId, fundingVaultId, clientId, contractorId, chainHead, fullCondition, expiresAt, expiredAt,
                refundReason, List.copyOf(allMilestones), cancellationReason, paymentFailure, reversal, platformFee,
                feeAmount, releasedFee, refundedFee, feeReturned, testClockId, metadata);
    }
}
