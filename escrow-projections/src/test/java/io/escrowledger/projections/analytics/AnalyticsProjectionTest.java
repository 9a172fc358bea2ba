package io.escrowledger.projections.analytics;

import io.escrowledger.domain.escrow.event.DeliverableSubmittedEvent;
import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.EvidenceSubmittedEvent;
import io.escrowledger.domain.escrow.event.FundsHeldEvent;
import io.escrowledger.domain.escrow.event.MilestoneOverdueEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.event.RecommendationIssuedEvent;
import io.escrowledger.domain.escrow.recommendation.DisputeFacts;
import io.escrowledger.domain.escrow.recommendation.Recommendation;
import io.escrowledger.domain.escrow.recommendation.RecommendationEngine;
import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.ExternalReference;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.escrow.value.Payout;
import io.escrowledger.domain.escrow.value.PlatformFee;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.money.Money;
import io.escrowledger.projections.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** From events to the analysts' rows, against a real PostgreSQL with the real migrations. */
class AnalyticsProjectionTest {

    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-01-15T10:30:00Z");
    private static final Instant T2 = Instant.parse("2025-01-20T14:00:00Z");
    private static final Instant T3 = Instant.parse("2025-01-22T09:00:00Z");
    private static final Instant DEADLINE = Instant.parse("2025-01-18T00:00:00Z");
    private static final ExternalReference LINK = new ExternalReference("external_reference", "github",
            "https://github.com/org/repo/pull/42", "sha256:e3b0");

    private final DataSource dataSource = TestDatabase.shared().migratedDataSource();
    private final JdbcClient jdbc = JdbcClient.create(dataSource);
    private final AnalyticsProjection projection = new AnalyticsProjection(jdbc);
    private final AnalyticsQueries queries = new AnalyticsQueries(dataSource,
            new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    private String integrator;

    @BeforeEach
    void newIntegrator() {
        integrator = "int_" + UUID.randomUUID();
    }

    @Test
    void aReleasedEscrowHasEachPhaseAndEachMilestonesDeliveryAndOutcome() {
        String escrow = created("order_1", DEADLINE);
        projection.on(new FundsHeldEvent(escrow, "pi_1", usd(50000), T0, T1), 1);
        projection.on(new DeliverableSubmittedEvent(escrow, "ms_a", LINK, T2), 2); // after its deadline
        projection.on(new MilestoneOverdueEvent(escrow, "ms_b", DEADLINE), 3);
        projection.on(new MilestoneReleasedEvent(escrow, "ms_a", usd(20000), T3), 4);
        projection.on(new MilestoneReleasedEvent(escrow, "ms_b", usd(30000), T3), 5);
        projection.on(new EscrowClosedEvent(escrow, EscrowState.RELEASED, usd(50000), usd(0), T3), 6);

        Map<String, Object> row = escrowRow(escrow);
        assertThat(row).containsEntry("state", "RELEASED").containsEntry("funding_source", "declared")
                       .containsEntry("released_amount", 50000L).containsEntry("held_amount", 0L)
                       .containsEntry("milestone_count", 2).containsEntry("last_event_sequence", 6L);
        assertThat(row.get("funded_at")).isNotNull();
        assertThat(row.get("first_delivered_at")).isNotNull();
        assertThat(row.get("closed_at")).isNotNull();
        assertThat(jdbc.sql("""
                       SELECT milestone_id, position, late, outcome, delivered_at IS NOT NULL AS delivered,
                              overdue_at IS NOT NULL AS overdue
                       FROM analytics.milestones WHERE escrow_id = ? ORDER BY position""")
                       .param(escrow).query().listOfRows())
                .containsExactly(
                        Map.of("milestone_id", "ms_a", "position", 0, "late", true, "outcome", "released",
                                "delivered", true, "overdue", false),
                        Map.of("milestone_id", "ms_b", "position", 1, "late", true, "outcome", "released",
                                "delivered", false, "overdue", true));
    }

    @Test
    void aDisputeCountsEachSidesEvidenceAndWhetherTheDecisionFollowedTheRecommendation() {
        String escrow = created("order_2", null);
        projection.on(new FundsHeldEvent(escrow, "pi_2", usd(50000), T0, T1), 1);
        String dispute = "dsp_" + UUID.randomUUID();
        projection.on(new DisputeOpenedEvent(escrow, dispute, DisputeReason.QUALITY_ISSUE, null,
                new Actor("usr_1", ActorRole.CLIENT), usd(50000), T1), 2);
        projection.on(new EvidenceSubmittedEvent(escrow, dispute, "evd_1", new Actor("usr_1", ActorRole.CLIENT),
                LINK, T1), 3);
        projection.on(new EvidenceSubmittedEvent(escrow, dispute, "evd_2", new Actor("usr_1", ActorRole.CLIENT),
                LINK, T1), 4);
        projection.on(new EvidenceSubmittedEvent(escrow, dispute, "evd_3",
                new Actor("usr_2", ActorRole.CONTRACTOR), LINK, T1), 5);
        projection.on(new EvidenceLockedEvent(escrow, dispute, 3, "digest", T2), 6);
        Recommendation recommendation = RecommendationEngine.recommend(new DisputeFacts(usd(50000), List.of(),
                DisputeReason.QUALITY_ISSUE, ActorRole.CLIENT, T1, List.of()));
        projection.on(new RecommendationIssuedEvent(escrow, dispute, recommendation, T2), 7);
        DisputeOutcome decided = recommendation.recommendation();
        projection.on(new DisputeResolvedEvent(escrow, dispute, decided,
                new Ratio(new BigDecimal("0.35"), new BigDecimal("0.65")), "late but functional", usd(50000),
                new Payout(usd(17500), usd(32500)), recommendation.recommendation(), T3), 8);
        projection.on(new EscrowClosedEvent(escrow, EscrowState.RESOLVED, usd(32500), usd(17500), T3), 9);

        Map<String, Object> row = jdbc.sql("SELECT * FROM analytics.disputes WHERE dispute_id = ?").param(dispute)
                                      .query().singleRow();
        assertThat(row).containsEntry("reason_code", "QUALITY_ISSUE").containsEntry("opened_by_role", "client")
                       .containsEntry("client_evidence_count", 2).containsEntry("contractor_evidence_count", 1)
                       .containsEntry("recommendation", recommendation.recommendation().name())
                       .containsEntry("decision", decided.name()).containsEntry("followed_recommendation", true)
                       .containsEntry("client_payout", 17500L).containsEntry("contractor_payout", 32500L)
                       .containsEntry("seconds_to_resolve", (double) (T3.getEpochSecond() - T1.getEpochSecond()));
        assertThat(escrowRow(escrow)).containsEntry("state", "RESOLVED").containsEntry("dispute_count", 1)
                                     .containsEntry("released_amount", 32500L)
                                     .containsEntry("refunded_amount", 17500L);
        assertThat(jdbc.sql("SELECT DISTINCT outcome FROM analytics.milestones WHERE escrow_id = ?").param(escrow)
                       .query(String.class).list()).containsExactly("disputed");

        AnalyticsQueries.Summary summary = queries.summary(new AnalyticsFilter(integrator, null, null, null));
        assertThat(summary.escrows()).isEqualTo(1);
        assertThat(summary.disputes().disputeRate()).isEqualTo(1.0);
        assertThat(summary.disputes().recommendationAgreementRate()).isEqualTo(1.0);
        assertThat(summary.disputes().byReason()).containsExactly(Map.entry("QUALITY_ISSUE", 1L));
        assertThat(summary.timeToResolveSeconds().p50()).isEqualTo((double) (T3.getEpochSecond() - T1.getEpochSecond()));
    }

    /** Fees taken on two days, one returned on a refund: the revenue per day, and the escrow's and milestones' sums. */
    @Test
    void theFeeRevenueIsCountedPerDay() {
        String escrow = "esc_" + UUID.randomUUID();
        projection.on(new EscrowCreatedEvent(escrow, integrator, "order_fee", usd(50000), List.of(
                new MilestoneTerms("ms_a", usd(20000), null, null, usd(500)),
                new MilestoneTerms("ms_b", usd(30000), null, null, usd(750))), null, null, T0,
                PlatformFee.basisPoints(250, null)), 0);
        projection.on(new FundsHeldEvent(escrow, "pi_f", usd(50000), T0, T1), 1);
        projection.on(new MilestoneReleasedEvent(escrow, "ms_a", usd(8000), T2, usd(200), usd(12000)), 2);
        projection.on(new MilestoneReleasedEvent(escrow, "ms_a", usd(12000), T3, usd(300), usd(0)), 3);
        projection.on(new MilestoneRefundedEvent(escrow, "ms_b", usd(30000), T3, usd(0), usd(750), usd(0)), 4);

        assertThat(queries.dailyFees(new AnalyticsFilter(integrator, null, null, "USD")))
                .containsExactly(new AnalyticsQueries.DailyFees(LocalDate.of(2025, 1, 20), "USD", 200, 0, 8000, 1),
                        new AnalyticsQueries.DailyFees(LocalDate.of(2025, 1, 22), "USD", 300, 750, 42000, 1));
        assertThat(escrowRow(escrow)).containsEntry("fee_amount", 1250L).containsEntry("fee_collected", 500L)
                                     .containsEntry("fee_returned", 750L);
        assertThat(jdbc.sql("SELECT milestone_id, outcome, released_amount, fee_amount FROM analytics.milestones "
                            + "WHERE escrow_id = ? ORDER BY position").param(escrow).query().listOfRows())
                .containsExactly(Map.of("milestone_id", "ms_a", "outcome", "released", "released_amount", 20000L,
                                "fee_amount", 500L),
                        Map.of("milestone_id", "ms_b", "outcome", "refunded", "released_amount", 0L,
                                "fee_amount", 750L));
    }

    @Test
    void anEventDeliveredTwiceIsAppliedOnce() {
        String escrow = created("order_3", null);
        FundsHeldEvent funded = new FundsHeldEvent(escrow, "pi_3", usd(50000), T0, T1);
        MilestoneReleasedEvent released = new MilestoneReleasedEvent(escrow, "ms_a", usd(20000), T2);
        projection.on(funded, 1);
        projection.on(released, 2);
        projection.on(released, 2);
        projection.on(created("order_3", null, escrow), 0);

        assertThat(escrowRow(escrow)).containsEntry("released_amount", 20000L).containsEntry("held_amount", 30000L);
        assertThat(jdbc.sql("SELECT count(*) FROM analytics.milestones WHERE escrow_id = ?").param(escrow)
                       .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void theSummaryAndTheExportCoverOnlyTheFiltersEscrows() {
        String usd = created("order_usd", null);
        projection.on(new FundsHeldEvent(usd, "pi_4", usd(50000), T0, T1), 1);
        projection.on(new MilestoneReleasedEvent(usd, "ms_a", usd(20000), T2), 2);
        projection.on(new MilestoneReleasedEvent(usd, "ms_b", usd(30000), T2), 3);
        projection.on(new EscrowClosedEvent(usd, EscrowState.RELEASED, usd(50000), usd(0), T2), 4);
        String eur = "esc_" + UUID.randomUUID();
        projection.on(new EscrowCreatedEvent(eur, integrator, "=HYPERLINK(\"x\"),order", Money.of(700, "EUR"),
                List.of(new MilestoneTerms("all", Money.of(700, "EUR"), null)), null, null, T3), 0);

        AnalyticsQueries.Summary all = queries.summary(new AnalyticsFilter(integrator, null, null, null));
        assertThat(all.escrows()).isEqualTo(2);
        assertThat(all.escrowsByState()).containsOnly(Map.entry("CREATED", 1L), Map.entry("RELEASED", 1L));
        assertThat(all.volumes()).extracting(AnalyticsQueries.Volume::currency, AnalyticsQueries.Volume::totalAmount,
                AnalyticsQueries.Volume::releasedAmount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("EUR", 700L, 0L),
                        org.assertj.core.groups.Tuple.tuple("USD", 50000L, 50000L));
        assertThat(all.timeToReleaseSeconds().count()).isEqualTo(1);
        assertThat(all.timeToReleaseSeconds().p50()).isEqualTo((double) (T2.getEpochSecond() - T1.getEpochSecond()));
        assertThat(all.disputes().disputeRate()).isEqualTo(0.0);
        assertThat(all.disputes().recommendationAgreementRate()).isNull();

        AnalyticsFilter onlyEur = new AnalyticsFilter(integrator, T2, null, "EUR");
        assertThat(queries.summary(onlyEur).escrows()).isEqualTo(1);
        List<String[]> rows = new ArrayList<>();
        queries.exportEscrows(onlyEur, rows::add);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)[0]).isEqualTo(eur);
        assertThat(rows.get(0)[AnalyticsQueries.ESCROW_COLUMNS.indexOf("created_at")]).isEqualTo(T3.toString());
        assertThat(queries.summary(new AnalyticsFilter("int_someone_else", null, null, null)).escrows()).isZero();

        assertThat(queries.daily(new AnalyticsFilter(integrator, null, null, "USD")))
                .extracting(AnalyticsQueries.DailyVolume::amountCreated, AnalyticsQueries.DailyVolume::amountReleased)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(50000L, 0L),
                        org.assertj.core.groups.Tuple.tuple(0L, 50000L));
    }

    @Test
    void theAnalystRoleReadsTheAnalyticsSchemaAndNothingElse() {
        created("order_role", null);
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        Long rows = transaction.execute(status -> {
            jdbc.sql("SET LOCAL ROLE escrow_analyst").update();
            return jdbc.sql("SELECT count(*) FROM analytics.escrows e JOIN analytics.daily_volumes d "
                            + "ON d.integrator_id = e.integrator_id").query(Long.class).single();
        });
        assertThat(rows).isPositive();
        for (String table : List.of("escrows", "domain_event_entry", "api_keys", "webhook_endpoints")) {
            Boolean readable = transaction.execute(status -> {
                jdbc.sql("SET LOCAL ROLE escrow_analyst").update();
                return jdbc.sql("SELECT has_table_privilege('public." + table + "', 'SELECT')").query(Boolean.class)
                           .single();
            });
            assertThat(readable).as(table).isFalse();
        }
    }

    /** What a replay relies on: an event the command already applied live, and an escrow's events, in any mix. */
    @Test
    void anEscrowsEventsAppliedLiveAndAgainByAReplayCountOnce() {
        String escrow = created("order_replayed", null);
        FundsHeldEvent funded = new FundsHeldEvent(escrow, "pi_replayed", usd(50000), T0, T0);
        projection.on(funded, 1);

        projection.on(created("order_replayed", null, escrow), 0);
        projection.on(funded, 1);

        assertThat(escrowRow(escrow)).containsEntry("held_amount", 50000L).containsEntry("last_event_sequence", 1L);
        assertThat(jdbc.sql("SELECT count(*) FROM analytics.milestones WHERE escrow_id = ?").param(escrow)
                       .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void anEscrowOnATestClockGetsNoRowsNorDoItsLaterEvents() {
        String escrow = "esc_" + UUID.randomUUID();
        EscrowCreatedEvent real = created("order_clock", DEADLINE, escrow);
        projection.on(new EscrowCreatedEvent(escrow, integrator, real.externalId(), real.totalAmount(),
                real.milestones(), null, null, T0, null, "clk_1"), 0);
        projection.on(new FundsHeldEvent(escrow, "pi_1", usd(50000), T0, T1), 1);
        projection.on(new MilestoneReleasedEvent(escrow, "ms_a", usd(20000), T3), 2);

        for (String table : List.of("escrows", "milestones", "payouts", "expected_payouts")) {
            assertThat(jdbc.sql("SELECT count(*) FROM analytics." + table + " WHERE escrow_id = ?").param(escrow)
                           .query(Long.class).single()).as(table).isZero();
        }
    }

    private String created(String externalId, Instant deadline) {
        String escrow = "esc_" + UUID.randomUUID();
        projection.on(created(externalId, deadline, escrow), 0);
        return escrow;
    }

    private EscrowCreatedEvent created(String externalId, Instant deadline, String escrow) {
        return new EscrowCreatedEvent(escrow, integrator, externalId, usd(50000),
                List.of(new MilestoneTerms("ms_a", usd(20000), deadline),
                        new MilestoneTerms("ms_b", usd(30000), deadline)), null, null, T0);
    }

    private Map<String, Object> escrowRow(String escrow) {
        return jdbc.sql("SELECT * FROM analytics.escrows WHERE escrow_id = ?").param(escrow).query().singleRow();
    }

    private static Money usd(long cents) {
        return Money.of(cents, "USD");
    }
}
