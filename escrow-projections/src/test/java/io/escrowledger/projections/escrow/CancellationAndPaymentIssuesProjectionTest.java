package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.event.EscrowCancelledEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.FundsHeldEvent;
import io.escrowledger.domain.escrow.event.FundsReversedEvent;
import io.escrowledger.domain.escrow.event.PaymentFailedEvent;
import io.escrowledger.domain.escrow.value.EscrowState;
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

/** A cancellation, a failed payment and a reversal, from events to rows and back to views. */
class CancellationAndPaymentIssuesProjectionTest {

    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-01-16T10:00:00Z");
    private static final Instant T2 = Instant.parse("2025-01-17T10:00:00Z");

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.shared().migratedDataSource());
    private final EscrowProjection projection = new EscrowProjection(jdbc);
    private final EscrowQueries queries = new EscrowQueries(jdbc);
    private String integrator;
    private String escrowId;

    @BeforeEach
    void newEscrow() {
        integrator = "int_" + UUID.randomUUID();
        escrowId = "esc_" + UUID.randomUUID();
        projection.on(new EscrowCreatedEvent(escrowId, integrator, "order_" + escrowId, usd(50000),
                List.of(new MilestoneTerms("ms_all", usd(50000), null)), null, null, T0), 0);
    }

    @Test
    void aFailedPaymentThenACancellationCloseTheEscrowWithTheirReasons() {
        projection.on(new PaymentFailedEvent(escrowId, "pi_1", "card_declined", T0.plusSeconds(60), T1), 1);

        EscrowView failed = queries.find(integrator, escrowId).orElseThrow();
        assertThat(failed.state()).isEqualTo(EscrowState.CREATED);
        assertThat(failed.heldAmount()).isZero();
        assertThat(failed.paymentFailure())
                .isEqualTo(new EscrowView.PaymentFailure("pi_1", "card_declined", T0.plusSeconds(60)));

        projection.on(new EscrowCancelledEvent(escrowId, "Buyer gave up", T2), 2);

        EscrowView cancelled = queries.find(integrator, escrowId).orElseThrow();
        assertThat(cancelled.state()).isEqualTo(EscrowState.CANCELLED);
        assertThat(cancelled.cancellationReason()).isEqualTo("Buyer gave up");
        assertThat(cancelled.closedAt()).isEqualTo(T2);
        assertThat(cancelled.lastEventSequence()).isEqualTo(2);
        assertThat(cancelled.reversal()).isNull();
    }

    @Test
    void aReversalKeepsTheMoneyHeldAndShowsTheEscrowFrozen() {
        projection.on(new FundsHeldEvent(escrowId, "pi_1", usd(50000), T0, T0), 1);
        projection.on(new FundsReversedEvent(escrowId, "pi_1", "chargeback", usd(50000), null, T1, T2), 2);

        EscrowView reversed = queries.find(integrator, escrowId).orElseThrow();
        assertThat(reversed.state()).isEqualTo(EscrowState.FUNDED);
        assertThat(reversed.heldAmount()).isEqualTo(50000);
        assertThat(reversed.reversal()).isEqualTo(new EscrowView.Reversal("chargeback", T1));
        assertThat(reversed.updatedAt()).isEqualTo(T2);
        assertThat(reversed.paymentFailure()).isNull();
    }

    private static Money usd(long cents) {
        return Money.of(cents, "USD");
    }
}
