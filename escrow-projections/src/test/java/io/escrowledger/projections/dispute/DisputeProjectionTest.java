package io.escrowledger.projections.dispute;

import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.EvidenceSubmittedEvent;
import io.escrowledger.domain.escrow.event.FundsHeldEvent;
import io.escrowledger.domain.escrow.event.RecommendationIssuedEvent;
import io.escrowledger.domain.escrow.recommendation.DisputeFacts;
import io.escrowledger.domain.escrow.recommendation.RecommendationEngine;
import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.DisputeState;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.ExternalReference;
import io.escrowledger.domain.escrow.value.MilestoneState;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.escrow.value.Payout;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.money.Money;
import io.escrowledger.projections.escrow.EscrowProjection;
import io.escrowledger.projections.escrow.EscrowQueries;
import io.escrowledger.projections.escrow.EscrowView;
import io.escrowledger.projections.escrow.MilestoneView;
import io.escrowledger.projections.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The dispute read model, and what a dispute does to the escrow read model, from events to rows. */
class DisputeProjectionTest {

    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-01-20T14:00:00Z");
    private static final Instant T2 = Instant.parse("2025-01-22T09:00:00Z");
    private static final ExternalReference FILE = new ExternalReference("external_reference", "google_drive",
            "https://drive.google.com/file/d/abc", "sha256:9f86");

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.shared().migratedDataSource());
    private final EscrowProjection escrows = new EscrowProjection(jdbc);
    private final DisputeProjection disputes = new DisputeProjection(jdbc);
    private final EscrowQueries escrowQueries = new EscrowQueries(jdbc);
    private final DisputeQueries disputeQueries = new DisputeQueries(jdbc);
    private final String integrator = "int_" + UUID.randomUUID();
    private final String escrowId = "esc_" + UUID.randomUUID();
    private final String disputeId = "dsp_" + UUID.randomUUID();

    @Test
    void followsADisputeFromOpeningToAResolutionThatPaysOutWhatWasHeld() {
        escrows.on(new EscrowCreatedEvent(escrowId, integrator, "order_1", usd(50000),
                List.of(new MilestoneTerms("ms_a", usd(20000), null), new MilestoneTerms("ms_b", usd(30000), null)), null, null, T0), 0);
        escrows.on(new FundsHeldEvent(escrowId, "pi_1", usd(50000), T0, T0), 1);
        DisputeOpenedEvent opened = new DisputeOpenedEvent(escrowId, disputeId, DisputeReason.QUALITY_ISSUE,
                "Half of it is missing", new Actor("usr_1", ActorRole.CLIENT), usd(50000), T1);
        escrows.on(opened, 2);
        disputes.on(opened);
        disputes.on(new EvidenceSubmittedEvent(escrowId, disputeId, "evd_1", new Actor("usr_2", ActorRole.CONTRACTOR),
                FILE, T1));
        disputes.on(new EvidenceSubmittedEvent(escrowId, disputeId, "evd_2", new Actor("usr_1", ActorRole.CLIENT),
                FILE, T1.plusSeconds(60)));
        disputes.on(new EvidenceLockedEvent(escrowId, disputeId, 2, "sha256:digest", T2));

        DisputeView locked = disputeQueries.find(integrator, disputeId).orElseThrow();
        assertThat(locked.state()).isEqualTo(DisputeState.EVIDENCE_LOCKED);
        assertThat(locked.evidence()).extracting(e -> e.evidenceId()).containsExactly("evd_1", "evd_2");
        assertThat(locked.evidence().get(0).submittedBy().role()).isEqualTo(ActorRole.CONTRACTOR);
        assertThat(locked.evidenceDigest()).isEqualTo("sha256:digest");
        assertThat(locked.decision()).isNull();
        assertThat(escrowQueries.find(integrator, escrowId).orElseThrow().state()).isEqualTo(EscrowState.DISPUTED);

        disputes.on(new RecommendationIssuedEvent(escrowId, disputeId, RecommendationEngine.recommend(new DisputeFacts(
                usd(50000), List.of(), DisputeReason.QUALITY_ISSUE, ActorRole.CLIENT, T1, List.of())), T2));
        Ratio ratio = new Ratio(new BigDecimal("0.35"), new BigDecimal("0.65"));
        DisputeResolvedEvent resolved = new DisputeResolvedEvent(escrowId, disputeId, DisputeOutcome.SPLIT, ratio,
                "late but functional", usd(50000), new Payout(usd(17500), usd(32500)), DisputeOutcome.REFUND, T2);
        escrows.on(resolved, 3);
        disputes.on(resolved);
        escrows.on(new EscrowClosedEvent(escrowId, EscrowState.RESOLVED, usd(32500), usd(17500), T2), 4);

        DisputeView decided = disputeQueries.find(integrator, disputeId).orElseThrow();
        assertThat(decided.state()).isEqualTo(DisputeState.RESOLVED);
        assertThat(decided.decision().outcome()).isEqualTo(DisputeOutcome.SPLIT);
        assertThat(decided.decision().clientRatio()).isEqualByComparingTo("0.35");
        assertThat(decided.decision().clientPayout() + decided.decision().contractorPayout()).isEqualTo(50000);
        String recommended = jdbc.sql("SELECT recommendation FROM disputes WHERE dispute_id = ?").param(disputeId)
                                 .query(String.class).single();
        assertThat(recommended).isEqualTo("REFUND");

        EscrowView escrow = escrowQueries.find(integrator, escrowId).orElseThrow();
        assertThat(escrow.state()).isEqualTo(EscrowState.RESOLVED);
        assertThat(escrow.heldAmount()).isZero();
        assertThat(escrow.releasedAmount()).isEqualTo(32500);
        assertThat(escrow.refundedAmount()).isEqualTo(17500);
        assertThat(escrow.disputeId()).isEqualTo(disputeId);
        assertThat(escrow.milestones()).extracting(MilestoneView::state).containsOnly(MilestoneState.RESOLVED);
        assertThat(disputeQueries.escrowOf(integrator, disputeId).map(DisputeQueries.DisputedEscrow::escrowId))
                .contains(escrowId);
        assertThat(disputeQueries.escrowOf("int_other", disputeId)).isEmpty();
        assertThat(disputeQueries.find("int_other", disputeId)).isEmpty();
    }

    private static Money usd(long cents) {
        return Money.of(cents, "USD");
    }
}
