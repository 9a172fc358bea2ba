package io.escrowledger.projections.webhook;

import io.escrowledger.domain.escrow.event.DeliverableSubmittedEvent;
import io.escrowledger.domain.escrow.event.EscrowCancelledEvent;
import io.escrowledger.domain.escrow.event.FundsReversedEvent;
import io.escrowledger.domain.escrow.event.PaymentFailedEvent;
import io.escrowledger.domain.escrow.event.PayoutTransferRecordedEvent;
import io.escrowledger.domain.escrow.event.PayoutUnreconciledEvent;
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
import io.escrowledger.domain.escrow.event.DisputeMetadataUpdatedEvent;
import io.escrowledger.domain.escrow.event.EscrowMetadataUpdatedEvent;
import io.escrowledger.domain.escrow.event.InspectionPeriodElapsedEvent;
import io.escrowledger.domain.escrow.event.MilestoneOverdueEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.event.OracleReportedEvent;
import io.escrowledger.domain.escrow.event.RecommendationIssuedEvent;
import io.escrowledger.domain.escrow.event.ReleaseApprovedEvent;
import io.escrowledger.domain.escrow.event.ReleaseConditionMetEvent;
import io.escrowledger.domain.escrow.recommendation.DisputeFacts;
import io.escrowledger.domain.escrow.recommendation.RecommendationEngine;
import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.ConditionType;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.EvidenceLockCause;
import io.escrowledger.domain.escrow.value.ExternalReference;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.escrow.value.OracleOutcome;
import io.escrowledger.domain.escrow.value.Payout;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.serialization.ExactJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Every domain event becomes a webhook body of the documented contract; none is forgotten. */
class WebhookPayloadsTest {

    private static final Instant AT = Instant.parse("2025-01-20T14:00:00Z");
    private static final String ESCROW = "esc_1";
    private static final Actor CLIENT = new Actor("usr_1", ActorRole.CLIENT);
    private static final ExternalReference REF = new ExternalReference("external_reference", "github", "https://x/y",
            "sha256:ab");

    static List<EscrowEvent> oneOfEach() {
        return List.of(
                new EscrowCreatedEvent(ESCROW, "int_1", "order_1", usd(500), List.of(new MilestoneTerms("m", usd(500), null)),
                        ReleaseCondition.deliveryConfirmation(Map.of("carrier", ExactJson.string("ups"))), AT.plusSeconds(3600), AT),
                new FundsHeldEvent(ESCROW, "pi_1", usd(500), AT, AT),
                new EscrowFundedFromVaultEvent(ESCROW, "vault_1", "agt_1", "mrc_1", usd(500), AT),
                new DeliverableSubmittedEvent(ESCROW, "m", REF, AT),
                new MilestoneReleasedEvent(ESCROW, "m", usd(500), AT),
                new MilestoneRefundedEvent(ESCROW, "m", usd(500), AT),
                new EscrowClosedEvent(ESCROW, EscrowState.RELEASED, usd(500), usd(0), AT),
                new EscrowClosedEvent(ESCROW, EscrowState.REFUNDED, usd(0), usd(500), AT),
                new EscrowClosedEvent(ESCROW, EscrowState.SETTLED, usd(200), usd(300), AT),
                new EscrowClosedEvent(ESCROW, EscrowState.RESOLVED, usd(325), usd(175), AT),
                new DisputeOpenedEvent(ESCROW, "dsp_1", DisputeReason.NOT_DELIVERED, "Nothing came", CLIENT,
                        usd(500), AT),
                new EvidenceSubmittedEvent(ESCROW, "dsp_1", "evd_1", CLIENT, REF, AT),
                new EvidenceLockedEvent(ESCROW, "dsp_1", 1, "sha256:cd", AT),
                new RecommendationIssuedEvent(ESCROW, "dsp_1", RecommendationEngine.recommend(new DisputeFacts(usd(500),
                        List.of(), DisputeReason.NOT_DELIVERED, ActorRole.CLIENT, AT, List.of())), AT),
                new DisputeResolvedEvent(ESCROW, "dsp_1", DisputeOutcome.SPLIT,
                        new Ratio(new BigDecimal("0.35"), new BigDecimal("0.65")), "because", usd(500),
                        new Payout(usd(175), usd(325)), null, AT),
                new EscrowExpiredEvent(ESCROW, usd(500), null, AT),
                new MilestoneOverdueEvent(ESCROW, "m", AT),
                new ReleaseApprovedEvent(ESCROW, "usr_ops", 1, 2, AT),
                new OracleReportedEvent(ESCROW, "orc_1", OracleOutcome.CONFIRMED, AT),
                new DeliveryConfirmedEvent(ESCROW, "agt_1", AT),
                new ReleaseConditionMetEvent(ESCROW, ConditionType.DELIVERY_CONFIRMATION, AT),
                new InspectionPeriodElapsedEvent(ESCROW, "m", 48, AT, AT.plusSeconds(48 * 3600)),
                new EscrowMetadataUpdatedEvent(ESCROW, Map.of("order_id", "ord_1"), Map.of("m", Map.of("sku", "S")),
                        AT),
                new DisputeMetadataUpdatedEvent(ESCROW, "dsp_1", Map.of("ticket", "T-1"), AT),
                new EscrowCancelledEvent(ESCROW, "abandoned", AT),
                new PaymentFailedEvent(ESCROW, "pi_1", "card_declined", AT, AT),
                new PayoutTransferRecordedEvent(ESCROW, "po_1_1", "tr_1", ActorRole.CONTRACTOR, usd(300), usd(325),
                        usd(300), AT, AT),
                new PayoutUnreconciledEvent(ESCROW, "po_1_1", ActorRole.CONTRACTOR, usd(325), usd(300), AT, AT),
                new FundsReversedEvent(ESCROW, "pi_1", "chargeback", usd(500), "dsp_1", AT, AT));
    }

    @Test
    void metadataTravelsWithTheEventsThatSetIt() {
        JsonMapper json = JsonMapper.builder().build();
        JsonNode created = json.readTree(WebhookPayloads.body("evt_1", new EscrowCreatedEvent(ESCROW, "int_1", "o",
                usd(500), List.of(new MilestoneTerms("m", usd(500), null)), null, null, AT, null, null,
                Map.of("order_id", "ord_1"), Map.of("m", Map.of("sku", "S"))), 1, AT));
        assertThat(created.at("/data/metadata/order_id").asString()).isEqualTo("ord_1");
        assertThat(created.at("/data/milestones/0/metadata/sku").asString()).isEqualTo("S");
        JsonNode updated = json.readTree(WebhookPayloads.body("evt_2", new EscrowMetadataUpdatedEvent(ESCROW,
                Map.of(), Map.of("m", Map.of("sku", "T")), AT), 2, AT));
        assertThat(updated.at("/type").asString()).isEqualTo("ESCROW_METADATA_UPDATED");
        assertThat(updated.at("/data/metadata").isEmpty()).isTrue();
        assertThat(updated.at("/data/milestones/0/milestone_id").asString()).isEqualTo("m");
        assertThat(updated.at("/data/milestones/0/metadata/sku").asString()).isEqualTo("T");
        JsonNode dispute = json.readTree(WebhookPayloads.body("evt_3", new DisputeMetadataUpdatedEvent(ESCROW,
                "dsp_1", Map.of("ticket", "T-1"), AT), 3, AT));
        assertThat(dispute.at("/data/dispute_id").asString()).isEqualTo("dsp_1");
        assertThat(dispute.at("/data/metadata/ticket").asString()).isEqualTo("T-1");
    }

    @Test
    void timersSayWhatCausedThem() {
        JsonMapper json = JsonMapper.builder().build();
        JsonNode locked = json.readTree(WebhookPayloads.body("evt_1", new EvidenceLockedEvent(ESCROW, "dsp_1", 0,
                "sha256:cd", AT, EvidenceLockCause.EVIDENCE_DEADLINE), 3, AT));
        assertThat(locked.at("/data/locked_by").asString()).isEqualTo("evidence_deadline");
        assertThat(locked.at("/data/locked_at").asString()).isEqualTo("2025-01-20T14:00:00Z");
        JsonNode opened = json.readTree(WebhookPayloads.body("evt_2", new DisputeOpenedEvent(ESCROW, "dsp_1",
                DisputeReason.NOT_DELIVERED, null, CLIENT, usd(500), AT, AT.plusSeconds(60)), 2, AT));
        assertThat(opened.at("/data/evidence_due_by").asString()).isEqualTo("2025-01-20T14:01:00Z");
        JsonNode elapsed = json.readTree(WebhookPayloads.body("evt_3", new InspectionPeriodElapsedEvent(ESCROW, "m",
                48, AT, AT.plusSeconds(48 * 3600)), 4, AT));
        assertThat(elapsed.at("/type").asString()).isEqualTo("INSPECTION_PERIOD_ELAPSED");
        assertThat(elapsed.at("/data/inspection_period_hours").asInt()).isEqualTo(48);
        assertThat(elapsed.at("/data/elapsed_at").asString()).isEqualTo("2025-01-22T14:00:00Z");
    }

    @Test
    void everyWebhookTypeComesFromSomeEventAndEveryEventHasAType() {
        Set<WebhookEventType> produced = oneOfEach().stream().map(WebhookEventType::of).collect(Collectors.toSet());

        assertThat(produced).containsExactlyInAnyOrder(WebhookEventType.values());
        Set<Class<?>> sampled = oneOfEach().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(sampled).containsExactlyInAnyOrder(EscrowEvent.class.getPermittedSubclasses());
    }

    @Test
    void anEscrowOnATestClockIsNamedInTheEnvelope() {
        JsonNode body = JsonMapper.builder().build().readTree(WebhookPayloads.body("evt_1", oneOfEach().get(0), 0, AT,
                "clk_1"));
        assertThat(body.get("test_clock").asString()).isEqualTo("clk_1");
    }

    @Test
    void bodiesCarryTheEnvelopeAndSnakeCaseData() {
        JsonMapper json = JsonMapper.builder().build();
        for (EscrowEvent event : oneOfEach()) {
            JsonNode body = json.readTree(WebhookPayloads.body("evt_1", event, 7, AT));
            assertThat(body.propertyNames()).containsExactly("id", "type", "api_version", "created_at", "escrow_id",
                    "sequence", "test_clock", "data");
            assertThat(body.get("sequence").asLong()).isEqualTo(7);
            assertThat(body.get("test_clock").isNull()).isTrue();
            assertThat(body.get("type").asString()).isEqualTo(WebhookEventType.of(event).name());
            body.get("data").propertyNames().forEach(name -> assertThat(name).matches("[a-z_]+"));
        }
        JsonNode resolved = json.readTree(WebhookPayloads.body("evt_1", oneOfEach().get(14), 9, AT));
        assertThat(resolved.at("/data/payout/client").asLong()).isEqualTo(175);
        assertThat(resolved.at("/data/final_ratio/contractor").decimalValue()).isEqualByComparingTo("0.65");
        assertThat(Arrays.stream(WebhookEventType.values()).map(Enum::name)).contains("DISPUTE_RESOLVED");
        JsonNode reversed = json.readTree(WebhookPayloads.body("evt_2", oneOfEach().get(oneOfEach().size() - 1), 9, AT));
        assertThat(reversed.at("/data/held_amount").asLong()).isEqualTo(500);
        assertThat(reversed.at("/data/open_dispute_id").asString()).isEqualTo("dsp_1");
        JsonNode unreconciled = json.readTree(WebhookPayloads.body("evt_3", oneOfEach().get(oneOfEach().size() - 2),
                9, AT));
        assertThat(unreconciled.at("/data/status").asString()).isEqualTo("PARTIALLY_RECONCILED");
        assertThat(unreconciled.at("/data/expected_amount").asLong()).isEqualTo(325);
    }

    private static Money usd(long cents) {
        return Money.of(cents, "USD");
    }
}
