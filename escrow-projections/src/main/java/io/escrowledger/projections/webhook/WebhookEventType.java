package io.escrowledger.projections.webhook;

import io.escrowledger.domain.escrow.DeliverableSubmittedEvent;
import io.escrowledger.domain.escrow.DeliveryConfirmedEvent;
import io.escrowledger.domain.escrow.EscrowExpiredEvent;
import io.escrowledger.domain.escrow.MilestoneOverdueEvent;
import io.escrowledger.domain.escrow.OracleReportedEvent;
import io.escrowledger.domain.escrow.ReleaseApprovedEvent;
import io.escrowledger.domain.escrow.ReleaseConditionMetEvent;
import io.escrowledger.domain.escrow.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.EscrowClosedEvent;
import io.escrowledger.domain.escrow.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.EscrowEvent;
import io.escrowledger.domain.escrow.EscrowFundedFromVaultEvent;
import io.escrowledger.domain.escrow.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.EvidenceSubmittedEvent;
import io.escrowledger.domain.escrow.FundsHeldEvent;
import io.escrowledger.domain.escrow.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.RecommendationIssuedEvent;

import java.util.Map;

/** The event types of the webhook contract (docs/webhooks.md), and which domain event each comes from. */
public enum WebhookEventType {
    ESCROW_CREATED,
    ESCROW_FUNDED,
    DELIVERABLE_SUBMITTED,
    MILESTONE_RELEASED,
    MILESTONE_REFUNDED,
    ESCROW_RELEASED,
    ESCROW_REFUNDED,
    ESCROW_SETTLED,
    ESCROW_RESOLVED,
    DISPUTE_OPENED,
    EVIDENCE_SUBMITTED,
    EVIDENCE_LOCKED,
    RECOMMENDATION_ISSUED,
    DISPUTE_RESOLVED,
    ESCROW_EXPIRED,
    MILESTONE_OVERDUE,
    /** A step towards the release condition (an approval, an oracle report, a delivery confirmation) or its meeting. */
    CONDITION_PROGRESS;

    private static final Map<Class<? extends EscrowEvent>, WebhookEventType> BY_EVENT = Map.ofEntries(
            Map.entry(EscrowCreatedEvent.class, ESCROW_CREATED),
            Map.entry(FundsHeldEvent.class, ESCROW_FUNDED),
            Map.entry(EscrowFundedFromVaultEvent.class, ESCROW_FUNDED),
            Map.entry(DeliverableSubmittedEvent.class, DELIVERABLE_SUBMITTED),
            Map.entry(MilestoneReleasedEvent.class, MILESTONE_RELEASED),
            Map.entry(MilestoneRefundedEvent.class, MILESTONE_REFUNDED),
            Map.entry(DisputeOpenedEvent.class, DISPUTE_OPENED),
            Map.entry(EvidenceSubmittedEvent.class, EVIDENCE_SUBMITTED),
            Map.entry(EvidenceLockedEvent.class, EVIDENCE_LOCKED),
            Map.entry(RecommendationIssuedEvent.class, RECOMMENDATION_ISSUED),
            Map.entry(DisputeResolvedEvent.class, DISPUTE_RESOLVED),
            Map.entry(EscrowExpiredEvent.class, ESCROW_EXPIRED),
            Map.entry(MilestoneOverdueEvent.class, MILESTONE_OVERDUE),
            Map.entry(ReleaseApprovedEvent.class, CONDITION_PROGRESS),
            Map.entry(OracleReportedEvent.class, CONDITION_PROGRESS),
            Map.entry(DeliveryConfirmedEvent.class, CONDITION_PROGRESS),
            Map.entry(ReleaseConditionMetEvent.class, CONDITION_PROGRESS));

    /** Every domain event has exactly one webhook type (WebhookEventTypeTest checks that none is missing). */
    public static WebhookEventType of(EscrowEvent event) {
        if (event instanceof EscrowClosedEvent closed) {
            return switch (closed.outcome()) {
                case RELEASED -> ESCROW_RELEASED;
                case REFUNDED -> ESCROW_REFUNDED;
                case SETTLED -> ESCROW_SETTLED;
                default -> ESCROW_RESOLVED;
            };
        }
        WebhookEventType type = BY_EVENT.get(event.getClass());
        if (type == null) {
            throw new IllegalStateException("No webhook type for " + event.getClass().getSimpleName());
        }
        return type;
    }
}
