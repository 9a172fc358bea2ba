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
import io.escrowledger.domain.escrow.recommendation.Recommendation;
import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.ExternalReference;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.money.Money;
import io.escrowledger.projections.escrow.ConditionData;
import io.escrowledger.projections.escrow.FeeData;
import io.escrowledger.projections.payout.PayoutStatus;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The webhook body: a versioned integration contract of its own (docs/webhooks.md), built from the domain event but
 * never the domain event itself, so the stored events can evolve without breaking receivers.
 */
public final class WebhookPayloads {

    /** Changes only when a body changes incompatibly; additions keep it. */
    public static final String API_VERSION = "2026-11-21";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WebhookPayloads() {
    }

    /** The body for an escrow on real time. */
    public static String body(String eventId, EscrowEvent event, long sequence, Instant occurredAt) {
        return body(eventId, event, sequence, occurredAt, null);
    }

    /**
     * The whole body of the message for one event: envelope and data, as sent (and signed) on every attempt.
     * {@code test_clock} names the escrow's test clock, null for real time.
     */
    public static String body(String eventId, EscrowEvent event, long sequence, Instant occurredAt,
                              String testClockId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", eventId);
        body.put("type", WebhookEventType.of(event).name());
        body.put("api_version", API_VERSION);
        body.put("created_at", occurredAt.toString());
        body.put("escrow_id", event.escrowId());
        body.put("sequence", sequence);
        body.put("test_clock", testClockId);
        body.put("data", data(event));
        return JSON.writeValueAsString(body);
    }

    static Map<String, Object> data(EscrowEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (event instanceof EscrowCreatedEvent e) {
            data.put("external_id", e.externalId());
            putMoney(data, "total_amount", e.totalAmount());
            data.put("milestones", e.milestones().stream().map(m -> map("milestone_id", m.milestoneId(),
                    "amount", m.amount().minorUnits(), "deadline", text(m.deadline()),
                    "platform_fee", FeeData.terms(m.platformFee()), "fee_amount", m.fee().minorUnits(),
                    "inspection_period_hours", m.inspectionPeriodHours(),
                    "metadata", e.milestoneMetadata().getOrDefault(m.milestoneId(), Map.of()))).toList());
            data.put("platform_fee", FeeData.terms(e.platformFee()));
            data.put("fee_amount", e.milestones().stream().mapToLong(m -> m.fee().minorUnits()).sum());
            data.put("release_condition", e.releaseCondition() == null ? null
                    : ConditionData.withType(e.releaseCondition()));
            data.put("expires_at", text(e.expiresAt()));
            data.put("metadata", e.metadata());
        } else if (event instanceof EscrowMetadataUpdatedEvent e) {
            data.put("metadata", e.metadata());
            data.put("milestones", e.milestoneMetadata().entrySet().stream()
                                    .map(m -> map("milestone_id", m.getKey(), "metadata", m.getValue())).toList());
        } else if (event instanceof DisputeMetadataUpdatedEvent e) {
            data.put("dispute_id", e.disputeId());
            data.put("metadata", e.metadata());
        } else if (event instanceof FundsHeldEvent e) {
            data.put("external_payment_ref", e.externalPaymentRef());
            putMoney(data, "held_amount", e.amount());
            data.put("declared_at", text(e.declaredAt()));
        } else if (event instanceof EscrowFundedFromVaultEvent e) {
            data.put("vault_id", e.vaultId());
            data.put("client_id", e.clientId());
            data.put("contractor_id", e.contractorId());
            putMoney(data, "held_amount", e.amount());
        } else if (event instanceof DeliverableSubmittedEvent e) {
            data.put("milestone_id", e.milestoneId());
            data.put("reference", reference(e.reference()));
        } else if (event instanceof MilestoneReleasedEvent e) {
            data.put("milestone_id", e.milestoneId());
            putMoney(data, "amount", e.amount());
            data.put("fee_amount", e.fee().minorUnits());
            data.put("net_amount", e.contractor().net().minorUnits());
            data.put("remaining_amount", e.remainingAmount().minorUnits());
        } else if (event instanceof MilestoneRefundedEvent e) {
            data.put("milestone_id", e.milestoneId());
            putMoney(data, "amount", e.amount());
            data.put("fee_amount", e.fee().minorUnits());
            data.put("net_amount", e.client().net().minorUnits());
            data.put("fee_returned_amount", e.feeReturned().minorUnits());
            data.put("remaining_amount", e.remainingAmount().minorUnits());
        } else if (event instanceof EscrowClosedEvent e) {
            data.put("state", e.outcome().name());
            putMoney(data, "released_amount", e.releasedAmount());
            data.put("refunded_amount", e.refundedAmount().minorUnits());
        } else if (event instanceof DisputeOpenedEvent e) {
            data.put("dispute_id", e.disputeId());
            data.put("reason_code", e.reason().name());
            data.put("statement", e.statement());
            data.put("opened_by", actor(e.openedBy()));
            putMoney(data, "held_amount", e.heldAmount());
            data.put("evidence_due_by", text(e.evidenceDueBy()));
            data.put("metadata", e.metadata());
        } else if (event instanceof EvidenceSubmittedEvent e) {
            data.put("dispute_id", e.disputeId());
            data.put("evidence_id", e.evidenceId());
            data.put("submitted_by", actor(e.submittedBy()));
            data.put("reference", reference(e.reference()));
        } else if (event instanceof EvidenceLockedEvent e) {
            data.put("dispute_id", e.disputeId());
            data.put("evidence_count", e.evidenceCount());
            data.put("evidence_digest", e.evidenceDigest());
            data.put("locked_by", e.lockedBy().name().toLowerCase(Locale.ROOT));
            data.put("locked_at", text(e.lockedAt()));
        } else if (event instanceof RecommendationIssuedEvent e) {
            Recommendation recommendation = e.recommendation();
            data.put("dispute_id", e.disputeId());
            data.put("recommendation", recommendation.recommendation().name());
            data.put("confidence", recommendation.confidence().stripTrailingZeros());
            data.put("signals", recommendation.signals());
            data.put("suggested_ratio", ratio(recommendation.suggestedRatio()));
            data.put("engine_version", recommendation.engineVersion());
        } else if (event instanceof DisputeResolvedEvent e) {
            data.put("dispute_id", e.disputeId());
            data.put("outcome", e.outcome().name());
            data.put("final_ratio", ratio(e.finalRatio()));
            data.put("currency", e.heldAmount().currency());
            data.put("payout", map("client", e.payout().client().minorUnits(),
                    "contractor", e.payout().contractor().minorUnits()));
            data.put("payout_breakdown", map("client", FeeData.split(e.client()),
                    "contractor", FeeData.split(e.contractor())));
            data.put("fee_returned_amount", e.feeReturned().minorUnits());
            data.put("justification", e.justification());
        } else if (event instanceof EscrowExpiredEvent e) {
            data.put("expired_at", text(e.expiredAt()));
            // What the expiry refunds; with a dispute open it waits for the decision instead.
            putMoney(data, "held_amount", e.heldAmount());
            data.put("open_dispute_id", e.openDisputeId());
        } else if (event instanceof MilestoneOverdueEvent e) {
            data.put("milestone_id", e.milestoneId());
            data.put("deadline", text(e.deadline()));
        } else if (event instanceof InspectionPeriodElapsedEvent e) {
            data.put("milestone_id", e.milestoneId());
            data.put("inspection_period_hours", e.inspectionPeriodHours());
            data.put("delivered_at", text(e.deliveredAt()));
            data.put("elapsed_at", text(e.elapsedAt()));
        } else if (event instanceof ReleaseApprovedEvent e) {
            data.put("step", "approval");
            data.put("approver_id", e.approverId());
            data.put("approvals", e.approvals());
            data.put("threshold", e.threshold());
        } else if (event instanceof OracleReportedEvent e) {
            data.put("step", "oracle_report");
            data.put("oracle_id", e.oracleId());
            data.put("outcome", e.outcome().name().toLowerCase(Locale.ROOT));
        } else if (event instanceof DeliveryConfirmedEvent e) {
            data.put("step", "delivery_confirmation");
            data.put("confirmed_by", e.confirmedBy());
        } else if (event instanceof ReleaseConditionMetEvent e) {
            data.put("step", "condition_met");
            data.put("condition_type", ConditionData.typeName(e.conditionType()));
            data.put("met_at", text(e.metAt()));
        } else if (event instanceof EscrowCancelledEvent e) {
            data.put("reason", e.reason());
            data.put("cancelled_at", text(e.cancelledAt()));
        } else if (event instanceof PaymentFailedEvent e) {
            data.put("external_payment_ref", e.externalPaymentRef());
            data.put("reason", e.reason());
            data.put("declared_at", text(e.declaredAt()));
        } else if (event instanceof FundsReversedEvent e) {
            data.put("external_payment_ref", e.externalPaymentRef());
            data.put("reason", e.reason());
            // What was still held when the payment was reversed: frozen, to be refunded or decided.
            putMoney(data, "held_amount", e.heldAmount());
            data.put("open_dispute_id", e.openDisputeId());
            data.put("declared_at", text(e.declaredAt()));
        } else if (event instanceof PayoutTransferRecordedEvent e) {
            data.put("payout_id", e.payoutId());
            data.put("reference", e.reference());
            data.put("party", e.party().name());
            putMoney(data, "amount", e.amount());
            data.put("expected_amount", e.expectedAmount().minorUnits());
            data.put("transferred_amount", e.transferredTotal().minorUnits());
            data.put("status", PayoutStatus.of(e.expectedAmount(), e.transferredTotal()));
            data.put("executed_at", text(e.executedAt()));
        } else if (event instanceof PayoutUnreconciledEvent e) {
            data.put("payout_id", e.payoutId());
            data.put("party", e.party().name());
            putMoney(data, "expected_amount", e.expectedAmount());
            data.put("transferred_amount", e.transferredAmount().minorUnits());
            data.put("status", PayoutStatus.of(e.expectedAmount(), e.transferredAmount()));
            data.put("expected_at", text(e.expectedAt()));
        } else {
            throw new IllegalStateException("No webhook data for " + event.getClass().getSimpleName());
        }
        return data;
    }

    /** Money as the bodies write it: its currency, then its amount in minor units under {@code name}. */
    private static void putMoney(Map<String, Object> data, String name, Money money) {
        data.put("currency", money.currency());
        data.put(name, money.minorUnits());
    }

    private static Map<String, Object> reference(ExternalReference reference) {
        return map("type", reference.type(), "provider", reference.provider(), "uri", reference.uri(),
                "content_hash", reference.contentHash());
    }

    private static Map<String, Object> actor(Actor actor) {
        return map("actor_id", actor.actorId(), "actor_role", actor.role().name().toLowerCase(Locale.ROOT));
    }

    private static Map<String, Object> ratio(Ratio ratio) {
        return map("client", ratio.client().stripTrailingZeros(), "contractor", ratio.contractor().stripTrailingZeros());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Map<String, Object> map(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }
}
