package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.event.DeliverableSubmittedEvent;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.FundsHeldEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.ExternalReference;
import io.escrowledger.domain.escrow.value.FeeRounding;
import io.escrowledger.domain.escrow.value.PlatformFee;
import io.escrowledger.domain.escrow.value.MilestoneState;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.money.Money;
import io.escrowledger.projections.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The projection's handlers, called directly, against a real PostgreSQL with the real migrations. */
class EscrowProjectionTest {

    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-01-15T10:30:00Z");
    private static final Instant T2 = Instant.parse("2025-01-20T14:00:00Z");
    private static final ExternalReference PULL_REQUEST = new ExternalReference("external_reference", "github",
            "https://github.com/org/repo/pull/42", "sha256:e3b0");

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

    @Test
    void createdEscrowShowsItsTermsWithNothingHeld() {
        projection.on(created(escrowId, "order_1"), 0);

        EscrowView escrow = queries.find(integrator, escrowId).orElseThrow();
        assertThat(escrow.state()).isEqualTo(EscrowState.CREATED);
        assertThat(escrow.totalAmount()).isEqualTo(50000);
        assertThat(escrow.heldAmount()).isZero();
        assertThat(escrow.createdAt()).isEqualTo(T0);
        assertThat(escrow.milestones()).extracting(MilestoneView::milestoneId, MilestoneView::amount,
                                                   MilestoneView::state)
                                       .containsExactly(
                                               tuple("ms_design", 20000L, MilestoneState.PENDING),
                                               tuple("ms_development", 30000L, MilestoneState.PENDING));
        assertThat(escrow.milestones().get(0).deadline()).isEqualTo(Instant.parse("2025-02-01T00:00:00Z"));
        assertThat(escrow.milestones().get(1).deadline()).isNull();
    }

    @Test
    void fundedDeliveredAndPartlyReleasedEscrowAddsUp() {
        projection.on(created(escrowId, "order_1"), 0);
        projection.on(new FundsHeldEvent(escrowId, "pi_1", usd(50000), T1, T1), 1);
        projection.on(new DeliverableSubmittedEvent(escrowId, "ms_design", PULL_REQUEST, T2), 2);
        projection.on(new MilestoneReleasedEvent(escrowId, "ms_design", usd(20000), T2), 3);

        EscrowView escrow = queries.find(integrator, escrowId).orElseThrow();
        assertThat(escrow.state()).isEqualTo(EscrowState.DELIVERED);
        assertThat(escrow.externalPaymentRef()).isEqualTo("pi_1");
        assertThat(escrow.fundedAt()).isEqualTo(T1);
        assertThat(escrow.heldAmount()).isEqualTo(30000);
        assertThat(escrow.releasedAmount()).isEqualTo(20000);
        assertThat(escrow.lastEventSequence()).isEqualTo(3);
        MilestoneView design = escrow.milestones().get(0);
        assertThat(design.state()).isEqualTo(MilestoneState.RELEASED);
        assertThat(design.deliverable()).isEqualTo(PULL_REQUEST);
        assertThat(design.deliveredAt()).isEqualTo(T2);
        assertThat(design.releasedAt()).isEqualTo(T2);
        assertThat(escrow.milestones().get(1).state()).isEqualTo(MilestoneState.FUNDED);
    }

    @Test
    void settledEscrowRecordsBothSidesAndItsOutcome() {
        projection.on(created(escrowId, "order_1"), 0);
        projection.on(new FundsHeldEvent(escrowId, "pi_1", usd(50000), T1, T1), 1);
        projection.on(new MilestoneReleasedEvent(escrowId, "ms_design", usd(20000), T2), 2);
        projection.on(new MilestoneRefundedEvent(escrowId, "ms_development", usd(30000), T2), 3);
        projection.on(new EscrowClosedEvent(escrowId, EscrowState.SETTLED, usd(20000), usd(30000), T2), 4);

        EscrowView escrow = queries.find(integrator, escrowId).orElseThrow();
        assertThat(escrow.state()).isEqualTo(EscrowState.SETTLED);
        assertThat(escrow.heldAmount()).isZero();
        assertThat(escrow.releasedAmount() + escrow.refundedAmount()).isEqualTo(escrow.totalAmount());
        assertThat(escrow.closedAt()).isEqualTo(T2);
        assertThat(escrow.milestones().get(1).state()).isEqualTo(MilestoneState.REFUNDED);
    }

    /** 2.5% of 20000 and a fixed 450 on 30000: each side's gross, fee and net, and the fee returned on a refund. */
    @Test
    void feesShowPerMilestoneAndPerSideAndAddUp() {
        projection.on(new EscrowCreatedEvent(escrowId, integrator, "order_1", usd(50000), List.of(
                new MilestoneTerms("ms_design", usd(20000), null, null, usd(500)),
                new MilestoneTerms("ms_development", usd(30000), null, PlatformFee.fixed(usd(450)), usd(450))),
                null, null, T0, PlatformFee.basisPoints(250, FeeRounding.HALF_EVEN)), 0);
        projection.on(new FundsHeldEvent(escrowId, "pi_1", usd(50000), T1, T1), 1);
        projection.on(new MilestoneReleasedEvent(escrowId, "ms_design", usd(20000), T2, usd(500), usd(0)), 2);
        projection.on(new MilestoneRefundedEvent(escrowId, "ms_development", usd(30000), T2, usd(0), usd(450),
                usd(0)), 3);

        EscrowView escrow = queries.find(integrator, escrowId).orElseThrow();
        assertThat(escrow.platformFee()).isEqualTo(PlatformFee.basisPoints(250, FeeRounding.HALF_EVEN));
        assertThat(escrow.feeAmount()).isEqualTo(950);
        assertThat(escrow.releasedFee()).isEqualTo(500);
        assertThat(escrow.refundedFee()).isZero();
        assertThat(escrow.feeReturned()).isEqualTo(450);
        assertThat(escrow.milestones()).extracting(MilestoneView::platformFee, MilestoneView::feeAmount,
                        MilestoneView::releasedAmount, MilestoneView::releasedFee, MilestoneView::refundedAmount,
                        MilestoneView::remainingAmount, MilestoneView::state)
                .containsExactly(tuple(null, 500L, 20000L, 500L, 0L, 0L, MilestoneState.RELEASED),
                        tuple(PlatformFee.fixed(usd(450)), 450L, 0L, 0L, 30000L, 0L, MilestoneState.REFUNDED));
    }

    @Test
    void anotherIntegratorCannotFindTheEscrow() {
        projection.on(created(escrowId, "order_1"), 0);

        assertThat(queries.find("int_someone_else", escrowId)).isEmpty();
        assertThat(queries.list("int_someone_else", EscrowFilter.of(null, null, null), 50).escrows()).isEmpty();
    }

    @Test
    void listsNewestFirstInPagesAndFiltersByStateAndExternalId() {
        String prefix = escrowId + "_";
        List<String> ids = List.of(prefix + 1, prefix + 2, prefix + 3);
        for (int i = 0; i < ids.size(); i++) {
            projection.on(created(ids.get(i), "order_" + i), 0);
        }
        projection.on(new FundsHeldEvent(prefix + 2, "pi_2", usd(50000), T1, T1), 1);

        EscrowPage first = queries.list(integrator, EscrowFilter.of(null, null, null), 2);
        assertThat(first.escrows()).extracting(EscrowView::escrowId).containsExactly(prefix + 3, prefix + 2);
        assertThat(first.hasMore()).isTrue();
        assertThat(first.escrows().get(1).milestones()).hasSize(2);

        EscrowPage second = queries.list(integrator, EscrowFilter.of(null, null, prefix + 2), 2);
        assertThat(second.escrows()).extracting(EscrowView::escrowId).containsExactly(prefix + 1);
        assertThat(second.hasMore()).isFalse();

        assertThat(queries.list(integrator, EscrowFilter.of(EscrowState.FUNDED, null, null), 50).escrows())
                .extracting(EscrowView::escrowId).containsExactly(prefix + 2);
        assertThat(queries.list(integrator, EscrowFilter.of(null, "order_0", null), 50).escrows())
                .extracting(EscrowView::escrowId).containsExactly(prefix + 1);
    }

    private EscrowCreatedEvent created(String id, String externalId) {
        return new EscrowCreatedEvent(id, integrator, externalId, usd(50000), List.of(
                new MilestoneTerms("ms_design", usd(20000), Instant.parse("2025-02-01T00:00:00Z")),
                new MilestoneTerms("ms_development", usd(30000), null)), null, null, T0);
    }

    private static Money usd(long cents) {
        return Money.of(cents, "USD");
    }
}
