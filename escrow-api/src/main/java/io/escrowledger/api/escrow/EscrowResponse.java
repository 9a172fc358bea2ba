package io.escrowledger.api.escrow;

import io.escrowledger.domain.escrow.EscrowState;
import io.escrowledger.domain.escrow.MilestoneState;
import io.escrowledger.projections.escrow.EscrowView;
import io.escrowledger.projections.escrow.MilestoneView;

import io.escrowledger.projections.escrow.ConditionData;
import io.escrowledger.projections.escrow.ConditionView;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
                      Map<String, Object> releaseCondition,
                      Map<String, Object> conditionProgress,
                      Instant expiresAt,
                      Instant expiredAt,
                      String refundReason,
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
                     Instant refundedAt,
                     Instant overdueAt) {
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
                view.contractorId(),
                view.condition() == null ? null : ConditionData.withType(view.condition().terms()),
                view.condition() == null ? null : progress(view.condition()), view.expiresAt(), view.expiredAt(),
                view.refundReason(), view.milestones().stream().map(EscrowResponse::milestone).toList(),
                view.createdAt(), view.fundedAt(), view.closedAt(), view.updatedAt(), view.chainHead());
    }

    private static Milestone milestone(MilestoneView view) {
        Deliverable deliverable = view.deliverable() == null ? null
                : new Deliverable(view.deliverable().type(), view.deliverable().provider(), view.deliverable().uri(),
                        view.deliverable().contentHash());
        return new Milestone(view.milestoneId(), view.amount(), view.deadline(), view.state(), deliverable,
                view.deliveredAt(), view.releasedAt(), view.refundedAt(), view.overdueAt());
    }

    /** How far the condition has come, in its type's own terms (docs/api.md). */
    private static Map<String, Object> progress(ConditionView condition) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("met_at", condition.metAt());
        List<ConditionView.Step> steps = condition.steps();
        switch (condition.terms().type()) {
            case MULTI_SIG_APPROVAL -> {
                progress.put("approvals", steps.stream()
                                               .map(step -> Map.of("approver_id", step.partyId(), "approved_at", step.at()))
                                               .toList());
                progress.put("approvals_needed", Math.max(0, condition.terms().threshold() - steps.size()));
            }
            case ORACLE_CONFIRMATION -> progress.put("oracle_report", steps.stream().findFirst()
                    .map(step -> Map.of("oracle_id", step.partyId(), "outcome",
                            step.outcome().toLowerCase(Locale.ROOT), "reported_at", step.at()))
                    .orElse(null));
            case DELIVERY_CONFIRMATION -> progress.put("delivery_confirmation", steps.stream().findFirst()
                    .map(step -> Map.of("confirmed_by", step.partyId(), "confirmed_at", step.at()))
                    .orElse(null));
            case TIME_RELEASE -> {
                // Met when release_at comes: met_at says it all.
            }
        }
        return progress;
    }
}
