package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.event.EscrowCancelledEvent;
import io.escrowledger.domain.escrow.event.FundsReversedEvent;
import io.escrowledger.domain.escrow.event.PaymentFailedEvent;
import io.escrowledger.domain.escrow.event.PayoutTransferRecordedEvent;
import io.escrowledger.domain.escrow.event.PayoutUnreconciledEvent;
import io.escrowledger.domain.escrow.event.DeliveryConfirmedEvent;
import io.escrowledger.domain.escrow.event.DisputeMetadataUpdatedEvent;
import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowMetadataUpdatedEvent;
import io.escrowledger.domain.escrow.event.EscrowEvent;
import io.escrowledger.domain.escrow.event.EscrowExpiredEvent;
import io.escrowledger.domain.escrow.event.EscrowFundedFromVaultEvent;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.InspectionPeriodElapsedEvent;
import io.escrowledger.domain.escrow.event.MilestoneOverdueEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.event.OracleReportedEvent;
import io.escrowledger.domain.escrow.event.RecommendationIssuedEvent;
import io.escrowledger.domain.escrow.event.ReleaseApprovedEvent;
import io.escrowledger.domain.escrow.event.ReleaseConditionMetEvent;
import io.escrowledger.domain.escrow.recommendation.DisputeFacts;
import io.escrowledger.domain.escrow.recommendation.Recommendation;
import io.escrowledger.domain.escrow.recommendation.RecommendationEngine;
import io.escrowledger.domain.escrow.recommendation.RuleApplication;
import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.ConditionType;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.EvidenceLockCause;
import io.escrowledger.domain.escrow.value.FeeRounding;
import io.escrowledger.domain.escrow.value.PlatformFee;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.escrow.value.OracleOutcome;
import io.escrowledger.domain.escrow.value.Payout;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import io.escrowledger.domain.eventtypes.EventTypes;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.serialization.ExactJson;
import io.escrowledger.domain.vault.VaultDepositedEvent;
import io.escrowledger.domain.vault.VaultEvent;
import io.escrowledger.domain.vault.VaultFrozenEvent;
import io.escrowledger.domain.vault.VaultFundsHeldEvent;
import io.escrowledger.domain.vault.VaultHoldSettledEvent;
import io.escrowledger.domain.vault.VaultMetadataUpdatedEvent;
import io.escrowledger.domain.vault.VaultOpenedEvent;
import io.escrowledger.domain.vault.VaultUnfrozenEvent;
import io.escrowledger.domain.vault.VaultWithdrawnEvent;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.escrowledger.domain.escrow.EscrowSamples.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored form of every escrow event is a contract: events written years ago must still be read. Each event is
 * compared with an approved JSON document under src/test/resources/events, and that document must read back into the
 * same event. A change of shape fails here, and then needs a new revision and an upcaster, not a new approved file.
 */
class EventContractTest {

    private static final Jackson3Serializer SERIALIZER = EventTypes.serializer();
    // Decimals are compared exactly, scale included: 0.4000 and 0.4 are different stored forms.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    static Stream<Object> everyEventType() {
        return Stream.of(
                createdWithMetadata(),
                fundsHeld(),
                designDelivered(),
                new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(12000), LATER, usd(300), usd(8000)),
                new MilestoneRefundedEvent(ESCROW_ID, "ms_development", usd(30000), LATER, usd(450), usd(0),
                        usd(0)),
                new EscrowClosedEvent(ESCROW_ID, EscrowState.SETTLED, usd(20000), usd(30000), LATER),
                disputeOpenedWithMetadata(),
                contractorEvidence("evd_0190a5c4-8f00-7000-8000-000000000003"),
                new EvidenceLockedEvent(ESCROW_ID, DISPUTE_ID, 1, "sha256:0f1e", EVIDENCE_DUE_BY,
                        EvidenceLockCause.EVIDENCE_DEADLINE),
                new RecommendationIssuedEvent(ESCROW_ID, DISPUTE_ID, sampleRecommendation(),
                        Instant.parse("2025-02-10T09:00:00Z")),
                new DisputeResolvedEvent(ESCROW_ID, DISPUTE_ID, DisputeOutcome.SPLIT,
                        new Ratio(new BigDecimal("0.35"), new BigDecimal("0.65")), "Milestone delivered late but functional",
                        usd(50000), new Payout(usd(17500), usd(32500)), DisputeOutcome.SPLIT, LOCKED_AT, usd(813),
                        usd(437)),
                new EscrowFundedFromVaultEvent(ESCROW_ID, VAULT_ID, "agt_1", "mrc_1", usd(50000), CREATED_AT),
                new VaultOpenedEvent(VAULT_ID, INTEGRATOR, "USDC", "Main vault", "vault_ext_1", CREATED_AT,
                        Map.of("cost_center", "cc_42")),
                new VaultMetadataUpdatedEvent(VAULT_ID, Map.of("cost_center", "cc_43", "region", "eu"), LATER),
                new EscrowMetadataUpdatedEvent(ESCROW_ID, Map.of("order_id", "ord_9"),
                        Map.of("ms_design", Map.of("sku", "DESIGN-2")), LATER),
                new DisputeMetadataUpdatedEvent(ESCROW_ID, DISPUTE_ID, Map.of("ticket", "SUP-8"), LATER),
                new VaultDepositedEvent(VAULT_ID, "dep_1", Money.of(500_000_000, "USDC"), CREATED_AT),
                new VaultWithdrawnEvent(VAULT_ID, "wd_1", Money.of(100_000_000, "USDC"), LATER),
                new VaultFrozenEvent(VAULT_ID, LATER),
                new VaultUnfrozenEvent(VAULT_ID, LATER),
                new VaultFundsHeldEvent(VAULT_ID, ESCROW_ID, Money.of(10_000_000, "USDC"), CREATED_AT),
                new VaultHoldSettledEvent(VAULT_ID, ESCROW_ID, "mrc_1", Money.of(6_337_500, "USDC"),
                        Money.of(3_500_000, "USDC"), LATER, Money.of(162_500, "USDC")),
                new EscrowExpiredEvent(ESCROW_ID, usd(30000), DISPUTE_ID, EXPIRES_AT),
                new MilestoneOverdueEvent(ESCROW_ID, "ms_development", Instant.parse("2025-03-01T00:00:00Z")),
                new ReleaseApprovedEvent(ESCROW_ID, "usr_ops_lead", 1, 2, LATER),
                new OracleReportedEvent(ESCROW_ID, "orc_shipping", OracleOutcome.CONFIRMED, LATER),
                new DeliveryConfirmedEvent(ESCROW_ID, "agt_buyer_1", LATER),
                new ReleaseConditionMetEvent(ESCROW_ID, ConditionType.MULTI_SIG_APPROVAL, LATER),
                new InspectionPeriodElapsedEvent(ESCROW_ID, "ms_design", 72, LATER,
                        Instant.parse("2025-01-23T14:00:00Z")),
                new EscrowCancelledEvent(ESCROW_ID, "Order abandoned at checkout", LATER),
                new PaymentFailedEvent(ESCROW_ID, "pi_stripe_xyz", "card_declined", FUNDED_AT, FUNDED_AT),
                new FundsReversedEvent(ESCROW_ID, "pi_stripe_xyz", "chargeback: fraudulent", usd(50000), DISPUTE_ID,
                        LATER, LATER),
                new PayoutTransferRecordedEvent(ESCROW_ID, "po_0190a5c4-8f00-7000-8000-000000000001_2", "tr_stripe_1",
                        ActorRole.CONTRACTOR, usd(30000), usd(32500), usd(30000), FUNDED_AT, LATER),
                new PayoutUnreconciledEvent(ESCROW_ID, "po_0190a5c4-8f00-7000-8000-000000000001_2",
                        ActorRole.CONTRACTOR, usd(32500), usd(30000), FUNDED_AT, LATER));
    }

    private static final Instant EXPIRES_AT = Instant.parse("2025-04-01T00:00:00Z");

    /** Revision 9: every field of revision 8, with the escrow's metadata and one milestone's. */
    private static EscrowCreatedEvent createdWithMetadata() {
        EscrowCreatedEvent created = createdWithConditionAndExpiry();
        return new EscrowCreatedEvent(ESCROW_ID, INTEGRATOR, created.externalId(), created.totalAmount(),
                created.milestones(), created.releaseCondition(), created.expiresAt(), created.createdAt(),
                created.platformFee(), created.testClockId(), Map.of("order_id", "ord_8", "channel", "web"),
                Map.of("ms_design", Map.of("sku", "DESIGN-1")));
    }

    /** Revision 4: the evidence deadline of revision 3, with metadata. */
    private static DisputeOpenedEvent disputeOpenedWithMetadata() {
        DisputeOpenedEvent opened = disputeOpenedWithEvidenceDeadline();
        return new DisputeOpenedEvent(ESCROW_ID, DISPUTE_ID, opened.reason(), opened.statement(), opened.openedBy(),
                opened.heldAmount(), opened.openedAt(), opened.evidenceDueBy(), Map.of("ticket", "SUP-7"));
    }

    /**
     * Every field of the current revision filled, so the contract covers them all; details of every JSON kind; the
     * escrow's fee in basis points and the development milestone's own fixed fee.
     */
    private static EscrowCreatedEvent createdWithConditionAndExpiry() {
        EscrowCreatedEvent created = createdWithFees(72);
        return new EscrowCreatedEvent(created.escrowId(), created.integratorId(), created.externalId(),
                created.totalAmount(), created.milestones(), created.releaseCondition(), created.expiresAt(),
                created.createdAt(), created.platformFee(), "clk_0190a5c4-8f00-7000-8000-0000000000c1");
    }

    /** The fee terms of revision 4, with the design milestone's inspection period (revision 6) or none. */
    private static EscrowCreatedEvent createdWithFees(Integer designInspectionHours) {
        EscrowCreatedEvent created = createdWith(fullDetails());
        return new EscrowCreatedEvent(ESCROW_ID, INTEGRATOR, "order_12345", usd(50000), List.of(
                new MilestoneTerms("ms_design", usd(20000), DESIGN.deadline(), null, usd(500), designInspectionHours),
                new MilestoneTerms("ms_development", usd(30000), DEVELOPMENT.deadline(), PlatformFee.fixed(usd(450)),
                        usd(450))),
                created.releaseCondition(), EXPIRES_AT, CREATED_AT, PlatformFee.basisPoints(250, FeeRounding.HALF_UP));
    }

    private static final Instant EVIDENCE_DUE_BY = Instant.parse("2025-01-27T14:00:00Z");

    private static DisputeOpenedEvent disputeOpenedWithEvidenceDeadline() {
        DisputeOpenedEvent opened = disputeOpened();
        return new DisputeOpenedEvent(ESCROW_ID, DISPUTE_ID, opened.reason(), opened.statement(), opened.openedBy(),
                opened.heldAmount(), opened.openedAt(), EVIDENCE_DUE_BY);
    }

    /** Details of every JSON kind, as revision 3 allowed. */
    private static Map<String, ExactJson> fullDetails() {
        Map<String, ExactJson> details = stringDetails();
        details.put("limits", new ExactJson("{\"amount\":1.10,\"per\":[\"day\",1e2],\"strict\":true}"));
        details.put("weight", new ExactJson("2"));
        details.put("note", new ExactJson("null"));
        return details;
    }

    /** Details as revision 2 held them: strings only. */
    private static Map<String, ExactJson> stringDetails() {
        Map<String, ExactJson> details = new LinkedHashMap<>();
        details.put("policy", ExactJson.string("two of three"));
        details.put("ticket", ExactJson.string("OPS-42"));
        return details;
    }

    private static EscrowCreatedEvent createdWith(Map<String, ExactJson> details) {
        return createdWith(details, List.of(DESIGN, DEVELOPMENT));
    }

    private static EscrowCreatedEvent createdWith(Map<String, ExactJson> details, List<MilestoneTerms> milestones) {
        return new EscrowCreatedEvent(ESCROW_ID, INTEGRATOR, "order_12345", usd(50000), milestones,
                ReleaseCondition.multiSigApproval(List.of("usr_ops_lead", "usr_finance", "usr_cto"), 2, details),
                EXPIRES_AT, CREATED_AT);
    }

    /** Events stored before a revision added fields read with those fields empty, which is what they meant. */
    static Stream<Object[]> earlierRevisions() {
        return Stream.of(new Object[]{"EscrowCreatedEvent.v1.json", created()},
                new Object[]{"EscrowCreatedEvent.v2.json", createdWith(stringDetails())},
                new Object[]{"EscrowCreatedEvent.v3.json", createdWith(fullDetails())},
                new Object[]{"EscrowCreatedEvent.v4.json", createdWithFees(null)},
                new Object[]{"EscrowCreatedEvent.v7.json", createdWithFees(72)},
                new Object[]{"EscrowCreatedEvent.v6.json", createdWith(fullDetails(), List.of(
                        new MilestoneTerms(DESIGN.milestoneId(), DESIGN.amount(), DESIGN.deadline(), 72), DEVELOPMENT))},
                new Object[]{"DisputeOpenedEvent.v2.json", disputeOpened()},
                new Object[]{"EscrowCreatedEvent.v8.json", createdWithConditionAndExpiry()},
                new Object[]{"DisputeOpenedEvent.v3.json", disputeOpenedWithEvidenceDeadline()},
                new Object[]{"VaultOpenedEvent.v1.json", new VaultOpenedEvent(VAULT_ID, INTEGRATOR, "USDC",
                        "Main vault", "vault_ext_1", CREATED_AT)},
                new Object[]{"EvidenceLockedEvent.v1.json", new EvidenceLockedEvent(ESCROW_ID, DISPUTE_ID, 1,
                        "sha256:0f1e", LOCKED_AT, EvidenceLockCause.INTEGRATOR)},
                new Object[]{"MilestoneReleasedEvent.v1.json",
                        new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(20000), LATER)},
                new Object[]{"MilestoneRefundedEvent.v1.json",
                        new MilestoneRefundedEvent(ESCROW_ID, "ms_development", usd(30000), LATER)},
                new Object[]{"DisputeResolvedEvent.v1.json", new DisputeResolvedEvent(ESCROW_ID, DISPUTE_ID,
                        DisputeOutcome.SPLIT, new Ratio(new BigDecimal("0.35"), new BigDecimal("0.65")),
                        "Milestone delivered late but functional", usd(50000), new Payout(usd(17500), usd(32500)),
                        DisputeOutcome.SPLIT, LOCKED_AT)},
                new Object[]{"VaultHoldSettledEvent.v1.json", new VaultHoldSettledEvent(VAULT_ID, ESCROW_ID, "mrc_1",
                        Money.of(6_500_000, "USDC"), Money.of(3_500_000, "USDC"), LATER)},
                new Object[]{"DisputeOpenedEvent.v1.json", new DisputeOpenedEvent(ESCROW_ID, DISPUTE_ID,
                        DisputeReason.DELIVERABLE_INCOMPLETE, null, CLIENT, usd(50000), DISPUTED_AT)});
    }

    @ParameterizedTest
    @MethodSource("earlierRevisions")
    void earlierRevisionsStillRead(String file, Object expected) throws IOException {
        SerializedObject<String> stored = new SimpleSerializedObject<>(resource("/events/" + file), String.class,
                expected.getClass().getName(), "1");

        assertThat((Object) SERIALIZER.deserialize(stored)).isEqualTo(expected);
    }

    private static final String VAULT_ID = "0190a5c4-8f00-7000-8000-0000000000aa";

    /** The first seed's dispute: the design milestone delivered late, development not yet due, both sides argued. */
    private static Recommendation sampleRecommendation() {
        Instant opened = Instant.parse("2025-02-05T14:00:00Z");
        return RecommendationEngine.recommend(new DisputeFacts(usd(50000), List.of(
                new DisputeFacts.MilestoneFacts("ms_design", 20000, Instant.parse("2025-02-01T00:00:00Z"),
                        Instant.parse("2025-02-03T09:00:00Z")),
                new DisputeFacts.MilestoneFacts("ms_development", 30000, Instant.parse("2025-03-01T00:00:00Z"), null)),
                DisputeReason.DELIVERABLE_INCOMPLETE, ActorRole.CLIENT, opened,
                List.of(new DisputeFacts.EvidenceFacts(ActorRole.CONTRACTOR, opened.plusSeconds(3600)),
                        new DisputeFacts.EvidenceFacts(ActorRole.CLIENT, opened.plusSeconds(7200)))));
    }

    /**
     * A recommendation recorded by the earlier rules ({@code 1.0.0}) reads back unchanged: recommendations are never
     * recomputed, and each carries the weights and facts of the rules that produced it.
     */
    @org.junit.jupiter.api.Test
    void recommendationsOfEarlierEngineVersionsStillRead() throws IOException {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("client_evidence", "0");
        evidence.put("contractor_evidence", "1");
        evidence.put("client_first_evidence_after", "none");
        evidence.put("contractor_first_evidence_after", "PT1H");
        Recommendation recorded = new Recommendation(DisputeOutcome.SPLIT, new BigDecimal("0.65"),
                List.of("partial_completion", "late_delivery", "no_counter_evidence"),
                new Ratio(new BigDecimal("0.6000"), new BigDecimal("0.4000")), "1.0.0", List.of(
                new RuleApplication("partial_completion", new BigDecimal("0.4000"), new BigDecimal("0.05"),
                        Map.of("held_amount", "50000", "delivered_amount", "20000")),
                new RuleApplication("late_delivery", new BigDecimal("-0.1000"), new BigDecimal("-0.05"),
                        Map.of("late_amount", "20000", "held_amount", "50000", "late_milestones", "ms_design")),
                new RuleApplication("no_counter_evidence", new BigDecimal("0.1000"), new BigDecimal("0.15"),
                        evidence)));
        SerializedObject<String> stored = new SimpleSerializedObject<>(
                resource("/events/RecommendationIssuedEvent.v1.engine-1.0.0.json"), String.class,
                RecommendationIssuedEvent.class.getName(), "1");

        assertThat((Object) SERIALIZER.deserialize(stored)).isEqualTo(new RecommendationIssuedEvent(ESCROW_ID,
                DISPUTE_ID, recorded, LOCKED_AT));
    }

    @ParameterizedTest
    @MethodSource("everyEventType")
    void serializedFormMatchesTheApprovedJson(Object event) throws IOException {
        String approved = approvedJson(event.getClass());
        String actual = SERIALIZER.serialize(event, String.class).getData();

        assertThat(JSON.readTree(actual)).as("serialized %s:%n%s", event.getClass().getSimpleName(), actual)
                                         .isEqualTo(JSON.readTree(approved));
    }

    @ParameterizedTest
    @MethodSource("everyEventType")
    void approvedJsonReadsBackIntoTheSameEvent(Object event) throws IOException {
        SerializedObject<String> stored = new SimpleSerializedObject<>(approvedJson(event.getClass()), String.class,
                event.getClass().getName(), revision(event.getClass()));

        assertThat((Object) SERIALIZER.deserialize(stored)).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("everyEventType")
    void everyEventDeclaresItsRevision(Object event) {
        assertThat(event.getClass().getAnnotation(Revision.class)).as(event.getClass().getSimpleName()).isNotNull();
    }

    @org.junit.jupiter.api.Test
    void everyPermittedEventTypeHasAnApprovedSample() {
        List<Class<?>> sampled = everyEventType().<Class<?>>map(Object::getClass).toList();
        List<Class<?>> permitted = Stream.concat(Arrays.stream(EscrowEvent.class.getPermittedSubclasses()),
                Arrays.stream(VaultEvent.class.getPermittedSubclasses())).toList();
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(permitted);
    }

    @org.junit.jupiter.api.Test
    void milestoneWithoutDeadlineSerializesItAsNull() {
        EscrowCreatedEvent event = new EscrowCreatedEvent(ESCROW_ID, INTEGRATOR, "x", Money.of(1, "JPY"),
                List.of(new MilestoneTerms("m", Money.of(1, "JPY"), null)), null, null, Instant.EPOCH);
        String json = SERIALIZER.serialize(event, String.class).getData();

        assertThat(JSON.readTree(json).at("/milestones/0/deadline").isNull()).isTrue();
        assertThat((Object) SERIALIZER.deserialize(new SimpleSerializedObject<>(json, String.class,
                EscrowCreatedEvent.class.getName(), "1"))).isEqualTo(event);
    }

    /** The approved JSON of the event's current revision. */
    private static String approvedJson(Class<?> eventType) throws IOException {
        return resource("/events/" + eventType.getSimpleName() + ".v" + revision(eventType) + ".json");
    }

    private static String revision(Class<?> eventType) {
        return eventType.getAnnotation(Revision.class).value();
    }

    private static String resource(String resource) throws IOException {
        try (InputStream in = EventContractTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("approved JSON %s", resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
