package io.escrowledger.api.escrow;

import io.escrowledger.domain.escrow.EscrowState;
import io.escrowledger.domain.escrow.MilestoneState;
import io.escrowledger.projections.escrow.EscrowView;
import io.escrowledger.projections.escrow.MilestoneView;

import java.time.Instant;
import java.util.List;

/** An escrow as integrators see it (snake_case on the wire); amounts are integer minor units of {@code currency}. */
record EscrowResponse(String id,
                      String externalId,
                      EscrowState state,
                      String currency,
                      long totalAmount,
                      long heldAmount,
                      long releasedAmount,
                      long refundedAmount,
                      String externalPaymentRef,
                      String disputeId,
                      Funding funding,
                      String clientId,
                      String contractorId,
                      List<Milestone> milestones,
                      Instant createdAt,
                      Instant fundedAt,
                      Instant closedAt,
                      Instant updatedAt,
                      String chainHead) {

    record Milestone(String milestoneId,
                     long amount,
                     Instant deadline,
                     MilestoneState state,
                     Deliverable deliverable,
                     Instant deliveredAt,
                     Instant releasedAt,
                     Instant refundedAt) {
    }

    record Deliverable(String type, String provider, String uri, String contentHash) {
    }

    /** Present for a vault-funded escrow. */
    record Funding(String vaultId) {
    }

    static EscrowResponse of(EscrowView view) {
        return new EscrowResponse(view.escrowId(), view.externalId(), view.state(), view.currency(),
                view.totalAmount(), view.heldAmount(), view.releasedAmount(), view.refundedAmount(),
                view.externalPaymentRef(), view.disputeId(),
                view.fundingVaultId() == null ? null : new Funding(view.fundingVaultId()), view.clientId(),
                view.contractorId(), view.milestones().stream().map(EscrowResponse::milestone).toList(),
                view.createdAt(), view.fundedAt(), view.closedAt(), view.updatedAt(), view.chainHead());
    }

    private static Milestone milestone(MilestoneView view) {
        Deliverable deliverable = view.deliverable() == null ? null
                : new Deliverable(view.deliverable().type(), view.deliverable().provider(), view.deliverable().uri(),
                        view.deliverable().contentHash());
        return new Milestone(view.milestoneId(), view.amount(), view.deadline(), view.state(), deliverable,
                view.deliveredAt(), view.releasedAt(), view.refundedAt());
    }
}
