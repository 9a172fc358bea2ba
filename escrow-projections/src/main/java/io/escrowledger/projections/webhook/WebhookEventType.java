package io.escrowledger.projections.webhook;

import io.escrowledger.domain.escrow.event.DisputeMetadataUpdatedEvent;
import io.escrowledger.domain.escrow.event.EscrowCancelledEvent;
import io.escrowledger.domain.escrow.event.EscrowMetadataUpdatedEvent;
import io.escrowledger.domain.escrow.event.FundsReversedEvent;
import io.escrowledger.domain.escrow.event.PaymentFailedEvent;
import io.escrowledger.domain.escrow.event.PayoutTransferRecordedEvent;
import io.escrowledger.domain.escrow.event.PayoutUnreconciledEvent;
import io.escrowledger.domain.escrow.event.DeliverableSubmittedEvent;
import io.escrowledger.domain.escrow.event.DeliveryConfirmedEvent;
import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowEvent;
import io.escrowledger.domain.escrow.event.EscrowExpiredEvent;
import io.escrowledger.domain.escrow.event.EscrowFundedFromVaultEvent;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.EvidenceSubmittedEvent;
import io.escrowledger.domain.escrow.event.FundsHeldEvent;
import io.escrowledger.domain.escrow.event.InspectionPeriodElapsedEvent;
import io.escrowledger.domain.escrow.event.MilestoneOverdueEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.event.OracleReportedEvent;
import io.escrowledger.domain.escrow.event.RecommendationIssuedEvent;
import io.escrowledger.domain.escrow.event.ReleaseApprovedEvent;
import io.escrowledger.domain.escrow.event.ReleaseConditionMetEvent;

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
    /** A delivered milestone's inspection period ended undisputed; its MILESTONE_RELEASED follows. */
    INSPECTION_PERIOD_ELAPSED,
    /** A step towards the release condition (an approval, an oracle report, a delivery confirmation) or its meeting. */
    CONDITION_PROGRESS,
    ESCROW_CANCELLED,
    PAYMENT_FAILED,
    FUNDS_REVERSED,
    PAYOUT_TRANSFER_RECORDED,
    PAYOUT_UNRECONCILED,
    /** The integrator changed the escrow's metadata or a milestone's. */
    ESCROW_METADATA_UPDATED,
    /** The integrator changed the dispute's metadata. */
    DISPUTE_METADATA_UPDATED;

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
            Map.entry(InspectionPeriodElapsedEvent.class, INSPECTION_PERIOD_ELAPSED),
            Map.entry(ReleaseApprovedEvent.class, CONDITION_PROGRESS),
            Map.entry(OracleReportedEvent.class, CONDITION_PROGRESS),
            Map.entry(DeliveryConfirmedEvent.class, CONDITION_PROGRESS),
            Map.entry(ReleaseConditionMetEvent.class, CONDITION_PROGRESS),
            Map.entry(EscrowCancelledEvent.class, ESCROW_CANCELLED),
            Map.entry(PaymentFailedEvent.class, PAYMENT_FAILED),
            Map.entry(FundsReversedEvent.class, FUNDS_REVERSED),
            Map.entry(PayoutTransferRecordedEvent.class, PAYOUT_TRANSFER_RECORDED),
            Map.entry(PayoutUnreconciledEvent.class, PAYOUT_UNRECONCILED),
            Map.entry(EscrowMetadataUpdatedEvent.class, ESCROW_METADATA_UPDATED),
            Map.entry(DisputeMetadataUpdatedEvent.class, DISPUTE_METADATA_UPDATED));

    /** Every domain event has exactly one webhook type (WebhookPayloadsTest checks that none is missing). */
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
