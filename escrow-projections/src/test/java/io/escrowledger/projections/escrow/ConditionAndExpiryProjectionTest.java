package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowExpiredEvent;
import io.escrowledger.domain.escrow.event.FundsHeldEvent;
import io.escrowledger.domain.escrow.event.MilestoneOverdueEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.event.OracleReportedEvent;
import io.escrowledger.domain.escrow.event.ReleaseApprovedEvent;
import io.escrowledger.domain.escrow.event.ReleaseConditionMetEvent;
import io.escrowledger.domain.escrow.value.ConditionType;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.escrow.value.OracleOutcome;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.serialization.ExactJson;
import io.escrowledger.projections.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Release conditions, their progress, expiry and overdue milestones, from events to rows and back to views. */
class ConditionAndExpiryProjectionTest {

    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-01-16T10:00:00Z");
    private static final Instant DEADLINE = Instant.parse("2025-01-17T00:00:00Z");
    private static final Instant EXPIRES_AT = Instant.parse("2025-01-18T10:00:00Z");

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.shared().migratedDataSource());
    private final EscrowProjection projection = new EscrowProjection(jdbc);
    private final EscrowQueries queries = new EscrowQueries(jdbc);
    private String integrator;
    private String escrowId;

    @BeforeEach
    void newIntegrator() {
        integrator = "int_" + UUID.randomUUID();
        escrowId = "esc_" + UUID.randomUUID();
    }

    private void create(ReleaseCondition condition, String vaultId) {
        projection.on(new EscrowCreatedEvent(escrowId, integrator, null, usd(50000),
                List.of(new MilestoneTerms("ms_all", usd(50000), DEADLINE)), condition, EXPIRES_AT, T0), 0);
        projection.on(new FundsHeldEvent(escrowId, "pi_" + escrowId, usd(50000), T0, T0), 1);
        if (vaultId != null) {
            jdbc.sql("UPDATE escrows SET funding_vault_id = ? WHERE escrow_id = ?").params(vaultId, escrowId).update();
        }
    }

    @Test
    void aMultiSignatureEscrowShowsItsTermsApprovalsAndWhenItWasMet() {
        Map<String, ExactJson> details = new LinkedHashMap<>();
        details.put("ticket", ExactJson.string("OPS-42"));
        details.put("policy", ExactJson.string("two of three"));
        details.put("limits", new ExactJson("{\"amount\":1.10,\"per\":[\"day\",1e2],\"strict\":true}"));
        ReleaseCondition condition = ReleaseCondition.multiSigApproval(List.of("usr_a", "usr_b", "usr_c"), 2, details);
        create(condition, null);
        projection.on(new ReleaseApprovedEvent(escrowId, "usr_b", 1, 2, T0.plusSeconds(10)), 2);
        projection.on(new ReleaseApprovedEvent(escrowId, "usr_a", 2, 2, T1), 3);
        projection.on(new ReleaseConditionMetEvent(escrowId, ConditionType.MULTI_SIG_APPROVAL, T1), 4);

        EscrowView escrow = queries.find(integrator, escrowId).orElseThrow();
        assertThat(escrow.externalId()).isNull();
        assertThat(escrow.expiresAt()).isEqualTo(EXPIRES_AT);
        assertThat(escrow.condition().terms()).isEqualTo(condition);
        assertThat(List.copyOf(escrow.condition().terms().details().keySet())).containsExactly("ticket", "policy",
                "limits");
        assertThat(escrow.condition().metAt()).isEqualTo(T1);
        assertThat(escrow.condition().steps()).extracting(ConditionView.Step::kind, ConditionView.Step::partyId)
                                              .containsExactly(tuple("approval", "usr_b"), tuple("approval", "usr_a"));
        assertThat(escrow.lastEventSequence()).isEqualTo(4);
    }

    @Test
    void anExpiryNamesItsRefundsAndAnOverdueMilestoneItsDeadline() {
        create(null, null);
        projection.on(new MilestoneOverdueEvent(escrowId, "ms_all", DEADLINE), 2);
        projection.on(new EscrowExpiredEvent(escrowId, usd(50000), null, EXPIRES_AT), 3);
        projection.on(new MilestoneRefundedEvent(escrowId, "ms_all", usd(50000), EXPIRES_AT), 4);
        projection.on(new EscrowClosedEvent(escrowId, EscrowState.REFUNDED, usd(0), usd(50000), EXPIRES_AT), 5);

        EscrowView escrow = queries.find(integrator, escrowId).orElseThrow();
        assertThat(escrow.condition()).isNull();
        assertThat(escrow.state()).isEqualTo(EscrowState.REFUNDED);
        assertThat(escrow.expiredAt()).isEqualTo(EXPIRES_AT);
        assertThat(escrow.refundReason()).isEqualTo("expired");
        assertThat(escrow.milestones().get(0).overdueAt()).isEqualTo(DEADLINE);
    }

    @Test
    void anOracleRejectionIsTheRefundsReason() {
        create(ReleaseCondition.oracleConfirmation("orc_1", null, Map.of()), null);
        projection.on(new OracleReportedEvent(escrowId, "orc_1", OracleOutcome.REJECTED, T1), 2);
        projection.on(new MilestoneRefundedEvent(escrowId, "ms_all", usd(50000), T1), 3);

        EscrowView escrow = queries.find(integrator, escrowId).orElseThrow();
        assertThat(escrow.refundReason()).isEqualTo("oracle_rejected");
        assertThat(escrow.condition().steps()).containsExactly(
                new ConditionView.Step("oracle_report", "orc_1", "REJECTED", T1));
    }

    @Test
    void aVaultsEscrowsAreListedByStateAndByWhetherAnythingWasReleased() {
        String vaultId = UUID.randomUUID().toString();
        create(null, vaultId);
        String releasedId = escrowId;
        projection.on(new MilestoneReleasedEvent(escrowId, "ms_all", usd(50000), T1), 2);
        projection.on(new EscrowClosedEvent(escrowId, EscrowState.RELEASED, usd(50000), usd(0), T1), 3);
        escrowId = "esc_" + UUID.randomUUID();
        create(null, vaultId);
        String fundedId = escrowId;

        Set<EscrowState> closed = Set.of(EscrowState.RELEASED, EscrowState.SETTLED, EscrowState.RESOLVED);
        assertThat(queries.list(integrator, new EscrowFilter(closed, null, vaultId, true, null), 50).escrows())
                .extracting(EscrowView::escrowId).containsExactly(releasedId);
        assertThat(queries.list(integrator, new EscrowFilter(Set.of(EscrowState.FUNDED), null, vaultId, null, null), 50)
                          .escrows())
                .extracting(EscrowView::escrowId).containsExactly(fundedId);
        assertThat(queries.list(integrator, new EscrowFilter(Set.of(), null, "another-vault", null, null), 50).escrows())
                .isEmpty();
    }

    private static Money usd(long cents) {
        return Money.of(cents, "USD");
    }
}
