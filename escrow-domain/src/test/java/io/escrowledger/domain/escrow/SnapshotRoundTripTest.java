package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.ApproveReleaseCommand;
import io.escrowledger.domain.escrow.command.DeclareFundsReversedCommand;
import io.escrowledger.domain.escrow.command.IssueRecommendationCommand;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowExpiredEvent;
import io.escrowledger.domain.escrow.event.EscrowFundedFromVaultEvent;
import io.escrowledger.domain.escrow.event.DisputeMetadataUpdatedEvent;
import io.escrowledger.domain.escrow.event.EscrowMetadataUpdatedEvent;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.FundsReversedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.event.PaymentFailedEvent;
import io.escrowledger.domain.escrow.event.PayoutTransferRecordedEvent;
import io.escrowledger.domain.escrow.event.PayoutUnreconciledEvent;
import io.escrowledger.domain.escrow.event.MilestoneOverdueEvent;
import io.escrowledger.domain.escrow.event.RecommendationIssuedEvent;
import io.escrowledger.domain.escrow.event.ReleaseApprovedEvent;
import io.escrowledger.domain.escrow.recommendation.DisputeFacts;
import io.escrowledger.domain.escrow.recommendation.Recommendation;
import io.escrowledger.domain.escrow.recommendation.RecommendationEngine;
import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import io.escrowledger.domain.eventtypes.EventTypes;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.serialization.ExactJson;
import io.escrowledger.domain.vault.DepositCommand;
import io.escrowledger.domain.vault.Vault;
import io.escrowledger.domain.vault.VaultDepositedEvent;
import io.escrowledger.domain.vault.VaultFrozenEvent;
import io.escrowledger.domain.vault.VaultMetadataUpdatedEvent;
import io.escrowledger.domain.vault.VaultFundsHeldEvent;
import io.escrowledger.domain.vault.VaultHoldSettledEvent;
import io.escrowledger.domain.vault.VaultOpenedEvent;
import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.escrowledger.domain.escrow.EscrowSamples.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots store an aggregate's fields as JSON and read them back through its no-argument constructor. A snapshot
 * that reads back differently would corrupt every later command, so each aggregate, in a state with every kind of
 * field filled in, must survive the round trip unchanged.
 */
class SnapshotRoundTripTest {

    private static final Serializer SNAPSHOTS = EventTypes.serializer();
    private static final String VAULT = "0190a5c4-8f00-7000-8000-0000000000aa";

    @Test
    void anEscrowWithAConditionApprovalsAnOverdueMilestoneAndAnExpirySurvivesASnapshot() {
        AggregateTestFixture<Escrow> fixture = escrowFixture();
        ReleaseCondition condition = ReleaseCondition.multiSigApproval(List.of("usr_ops", "usr_cto"), 2,
                java.util.Map.of("ticket", ExactJson.string("OPS-42"), "limits",
                        new ExactJson("{\"amount\":1.10,\"per\":[\"day\",1e2]}")));
        Instant expiresAt = Instant.parse("2025-04-01T00:00:00Z");

        DisputeOpenedEvent opened = disputeOpened();
        fixture.given(new EscrowCreatedEvent(ESCROW_ID, INTEGRATOR, "order_1", usd(50000), List.of(DESIGN,
                               new MilestoneTerms("ms_development", usd(30000), null, 48)),
                               condition, expiresAt, CREATED_AT), fundsHeld(),
                       new ReleaseApprovedEvent(ESCROW_ID, "usr_ops", 1, 2, LATER),
                       new MilestoneOverdueEvent(ESCROW_ID, "ms_design", DESIGN.deadline()),
                       new DisputeOpenedEvent(ESCROW_ID, DISPUTE_ID, opened.reason(), opened.statement(),
                               opened.openedBy(), opened.heldAmount(), opened.openedAt(), expiresAt),
                       new EscrowExpiredEvent(ESCROW_ID, usd(50000), DISPUTE_ID, expiresAt))
               .when(new ApproveReleaseCommand(ESCROW_ID, INTEGRATOR, "usr_ops", LATER))
               .expectNoEvents()
               .expectState(escrow -> assertSurvivesSnapshot(escrow, Escrow.class));
    }

    /** Fee terms, a milestone's worked-out fee and the parts already paid out of a milestone survive too. */
    @Test
    void anEscrowWithFeesAndAPartlyPaidMilestoneSurvivesASnapshot() {
        AggregateTestFixture<Escrow> fixture = escrowFixture();

        fixture.given(new EscrowCreatedEvent(ESCROW_ID, INTEGRATOR, "order_1", usd(50000), List.of(
                               DESIGN.withFee(usd(500)),
                               new io.escrowledger.domain.escrow.value.MilestoneTerms("ms_development", usd(30000),
                                       null, io.escrowledger.domain.escrow.value.PlatformFee.fixed(usd(999)),
                                       usd(999))),
                               null, null, CREATED_AT, io.escrowledger.domain.escrow.value.PlatformFee.basisPoints(250,
                                       io.escrowledger.domain.escrow.value.FeeRounding.HALF_EVEN)), fundsHeld(),
                       new io.escrowledger.domain.escrow.event.MilestoneReleasedEvent(ESCROW_ID, "ms_design",
                               usd(8000), LATER, usd(200), usd(12000)),
                       new io.escrowledger.domain.escrow.event.MilestoneRefundedEvent(ESCROW_ID, "ms_design",
                               usd(2000), LATER, usd(50), usd(0), usd(10000)))
               .when(new io.escrowledger.domain.escrow.command.DeclareFundsHeldCommand(ESCROW_ID, INTEGRATOR,
                       "pi_stripe_xyz", FUNDED_AT, LATER)) // the same declaration again: nothing changes
               .expectNoEvents()
               .expectState(escrow -> assertSurvivesSnapshot(escrow, Escrow.class));
    }

    @Test
    void anEscrowWithMilestonesADisputeAndARecommendationSurvivesASnapshot() {
        AggregateTestFixture<Escrow> fixture = escrowFixture();
        Recommendation recommendation = RecommendationEngine.recommend(new DisputeFacts(usd(50000), List.of(),
                DisputeReason.OTHER, ActorRole.CLIENT, DISPUTED_AT, List.of()));

        fixture.given(created(), new EscrowFundedFromVaultEvent(ESCROW_ID, VAULT, "agt_1", "mrc_1", usd(50000), FUNDED_AT),
                       designDelivered(), disputeOpened(), contractorEvidence("evd_1"),
                       new EscrowMetadataUpdatedEvent(ESCROW_ID, Map.of("order_id", "o1"),
                               Map.of("ms_design", Map.of("sku", "D-1")), LOCKED_AT),
                       new DisputeMetadataUpdatedEvent(ESCROW_ID, DISPUTE_ID, Map.of("ticket", "T1"), LOCKED_AT),
                       new EvidenceLockedEvent(ESCROW_ID, DISPUTE_ID, 1, "sha256:x", LOCKED_AT),
                       new RecommendationIssuedEvent(ESCROW_ID, DISPUTE_ID, recommendation, LOCKED_AT))
               .when(new IssueRecommendationCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, LOCKED_AT))
               .expectState(escrow -> assertSurvivesSnapshot(escrow, Escrow.class));
    }

    @Test
    void aVaultWithReferencesAndHoldsSurvivesASnapshot() {
        AggregateTestFixture<Vault> fixture = new AggregateTestFixture<>(Vault.class);
        Instant at = Instant.parse("2025-01-15T10:00:00Z");
        fixture.given(new VaultOpenedEvent(VAULT, INTEGRATOR, "USDC", "Main", null, at),
                       new VaultDepositedEvent(VAULT, "dep_1", Money.of(500, "USDC"), at),
                       new VaultFundsHeldEvent(VAULT, "esc_1", Money.of(300, "USDC"), at),
                       new VaultHoldSettledEvent(VAULT, "esc_1", "mrc_1", Money.of(100, "USDC"), Money.of(50, "USDC"), at),
                       new VaultFrozenEvent(VAULT, at),
                       new VaultMetadataUpdatedEvent(VAULT, Map.of("cc", "42"), at))
               .when(new DepositCommand(VAULT, INTEGRATOR, Money.of(500, "USDC"), "dep_1", at))
               .expectState(vault -> assertSurvivesSnapshot(vault, Vault.class));
    }

    @Test
    void anEscrowWithAFailedPaymentAReversalPayoutsAndTransfersSurvivesASnapshot() {
        AggregateTestFixture<Escrow> fixture = escrowFixture();
        String payout = "po_0190a5c4-8f00-7000-8000-000000000001_1";

        fixture.given(created(), new PaymentFailedEvent(ESCROW_ID, "pi_failed", "card_declined", CREATED_AT, CREATED_AT),
                       fundsHeld(), new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(20000), LATER),
                       new FundsReversedEvent(ESCROW_ID, "pi_stripe_xyz", "chargeback", usd(30000), null, LATER, LATER),
                       new PayoutTransferRecordedEvent(ESCROW_ID, payout, "tr_1", ActorRole.CONTRACTOR, usd(15000),
                               usd(20000), usd(15000), LATER, LATER),
                       new PayoutUnreconciledEvent(ESCROW_ID, payout, ActorRole.CONTRACTOR, usd(20000), usd(15000),
                               LATER, LATER))
               .when(new DeclareFundsReversedCommand(ESCROW_ID, INTEGRATOR, "pi_stripe_xyz", "chargeback", LATER, LATER))
               .expectNoEvents()
               .expectState(escrow -> assertSurvivesSnapshot(escrow, Escrow.class));
    }

    private static <T> void assertSurvivesSnapshot(T aggregate, Class<T> type) {
        SerializedObject<byte[]> snapshot = SNAPSHOTS.serialize(aggregate, byte[].class);
        T restored = SNAPSHOTS.deserialize(snapshot);

        assertThat(snapshot.getType().getRevision()).as("older snapshots are filtered out by revision")
                                                    .isEqualTo(type.getAnnotation(Revision.class).value());
        assertThat(restored).isInstanceOf(type);
        assertThat(restored).usingRecursiveComparison().isEqualTo(aggregate);
        assertThat(new String(snapshot.getData())).doesNotContain("\"zero\"").contains("\"integratorId\"");
    }
}
