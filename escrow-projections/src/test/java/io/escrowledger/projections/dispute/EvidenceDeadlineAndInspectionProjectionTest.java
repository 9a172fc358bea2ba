package io.escrowledger.projections.dispute;

import io.escrowledger.domain.escrow.event.DeliverableSubmittedEvent;
import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.FundsHeldEvent;
import io.escrowledger.domain.escrow.event.InspectionPeriodElapsedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.DisputeState;
import io.escrowledger.domain.escrow.value.EvidenceLockCause;
import io.escrowledger.domain.escrow.value.ExternalReference;
import io.escrowledger.domain.escrow.value.MilestoneState;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.money.Money;
import io.escrowledger.projections.analytics.AnalyticsProjection;
import io.escrowledger.projections.escrow.EscrowProjection;
import io.escrowledger.projections.escrow.EscrowQueries;
import io.escrowledger.projections.escrow.MilestoneView;
import io.escrowledger.projections.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A dispute's evidence deadline and a milestone's inspection period, from events to the read models' rows. */
class EvidenceDeadlineAndInspectionProjectionTest {

    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
    private static final Instant DELIVERED = Instant.parse("2025-01-16T10:00:00Z");
    private static final Instant INSPECTION_ENDS = DELIVERED.plusSeconds(48 * 3600);
    private static final Instant DUE_BY = Instant.parse("2025-01-23T10:00:00Z");
    private static final ExternalReference FILE = new ExternalReference("external_reference", "google_drive",
            "https://drive.google.com/file/d/abc", "sha256:9f86");

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.shared().migratedDataSource());
    private final EscrowProjection escrows = new EscrowProjection(jdbc);
    private final DisputeProjection disputes = new DisputeProjection(jdbc);
    private final AnalyticsProjection analytics = new AnalyticsProjection(jdbc);
    private final EscrowQueries escrowQueries = new EscrowQueries(jdbc);
    private final DisputeQueries disputeQueries = new DisputeQueries(jdbc);
    private final String integrator = "int_" + UUID.randomUUID();
    private final String escrowId = "esc_" + UUID.randomUUID();

    private void createAndFund() {
        EscrowCreatedEvent created = new EscrowCreatedEvent(escrowId, integrator, null, usd(50000),
                List.of(new MilestoneTerms("ms_a", usd(20000), null, 48), new MilestoneTerms("ms_b", usd(30000), null)),
                null, null, T0);
        FundsHeldEvent funded = new FundsHeldEvent(escrowId, "pi_" + escrowId, usd(50000), T0, T0);
        escrows.on(created, 0);
        analytics.on(created, 0);
        escrows.on(funded, 1);
        analytics.on(funded, 1);
    }

    @Test
    void aMilestoneShowsItsInspectionPeriodWhenItEndsAndWhenItReleasedIt() {
        createAndFund();
        DeliverableSubmittedEvent delivered = new DeliverableSubmittedEvent(escrowId, "ms_a", FILE, DELIVERED);
        escrows.on(delivered, 2);
        analytics.on(delivered, 2);
        // A later deliverable does not move the end: the period runs from the first one.
        escrows.on(new DeliverableSubmittedEvent(escrowId, "ms_a", FILE, DELIVERED.plusSeconds(3600)), 3);

        MilestoneView pending = escrowQueries.find(integrator, escrowId).orElseThrow().milestones().get(0);
        assertThat(pending.inspectionPeriodHours()).isEqualTo(48);
        assertThat(pending.inspectionEndsAt()).isEqualTo(INSPECTION_ENDS);
        assertThat(pending.inspectionElapsedAt()).isNull();

        InspectionPeriodElapsedEvent elapsed = new InspectionPeriodElapsedEvent(escrowId, "ms_a", 48, DELIVERED,
                INSPECTION_ENDS);
        escrows.on(elapsed, 4);
        analytics.on(elapsed, 4);
        escrows.on(new MilestoneReleasedEvent(escrowId, "ms_a", usd(20000), INSPECTION_ENDS), 5);

        List<MilestoneView> milestones = escrowQueries.find(integrator, escrowId).orElseThrow().milestones();
        assertThat(milestones.get(0).state()).isEqualTo(MilestoneState.RELEASED);
        assertThat(milestones.get(0).inspectionElapsedAt()).isEqualTo(INSPECTION_ENDS);
        assertThat(milestones.get(1).inspectionPeriodHours()).isNull();
        assertThat(milestones.get(1).inspectionEndsAt()).isNull();
        Map<String, Object> row = jdbc.sql("""
                                           SELECT inspection_period_hours, inspection_elapsed_at FROM analytics.milestones
                                           WHERE escrow_id = ? AND milestone_id = 'ms_a'""")
                                      .param(escrowId).query().singleRow();
        assertThat(row.get("inspection_period_hours")).isEqualTo(48);
        assertThat(row.get("inspection_elapsed_at")).isNotNull();
    }

    @Test
    void aDisputeShowsItsEvidenceDeadlineAndThatTheDeadlineLockedIt() {
        createAndFund();
        String disputeId = "dsp_" + UUID.randomUUID();
        DisputeOpenedEvent opened = new DisputeOpenedEvent(escrowId, disputeId, DisputeReason.QUALITY_ISSUE, null,
                new Actor("usr_1", ActorRole.CLIENT), usd(50000), DELIVERED, DUE_BY);
        escrows.on(opened, 2);
        disputes.on(opened);
        analytics.on(opened, 2);

        DisputeView open = disputeQueries.find(integrator, disputeId).orElseThrow();
        assertThat(open.evidenceDueBy()).isEqualTo(DUE_BY);
        assertThat(open.lockedBy()).isNull();

        EvidenceLockedEvent locked = new EvidenceLockedEvent(escrowId, disputeId, 0, "sha256:empty", DUE_BY,
                EvidenceLockCause.EVIDENCE_DEADLINE);
        disputes.on(locked);
        analytics.on(locked, 3);

        DisputeView sealed = disputeQueries.find(integrator, disputeId).orElseThrow();
        assertThat(sealed.state()).isEqualTo(DisputeState.EVIDENCE_LOCKED);
        assertThat(sealed.lockedBy()).isEqualTo(EvidenceLockCause.EVIDENCE_DEADLINE);
        assertThat(sealed.lockedAt()).isEqualTo(DUE_BY);
        Map<String, Object> row = jdbc.sql("SELECT locked_by, evidence_due_by FROM analytics.disputes WHERE dispute_id = ?")
                                      .param(disputeId).query().singleRow();
        assertThat(row.get("locked_by")).isEqualTo("evidence_deadline");
        assertThat(row.get("evidence_due_by")).isNotNull();
    }

    private static Money usd(long cents) {
        return Money.of(cents, "USD");
    }
}
