package io.escrowledger.projections.payout;

import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowFundedFromVaultEvent;
import io.escrowledger.domain.escrow.event.FundsHeldEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.event.PayoutTransferRecordedEvent;
import io.escrowledger.domain.escrow.event.PayoutUnreconciledEvent;
import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.escrow.value.Payout;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.money.Money;
import io.escrowledger.projections.escrow.EscrowProjection;
import io.escrowledger.projections.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Payouts and their transfers, from events to rows and back to views, and the watch's query. */
class PayoutProjectionTest {

    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
    private static final Instant DECIDED = Instant.parse("2025-02-10T09:00:00Z");
    private static final Instant PAID = Instant.parse("2025-02-11T09:00:00Z");

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.shared().migratedDataSource());
    private final EscrowProjection escrows = new EscrowProjection(jdbc);
    private final PayoutProjection projection = new PayoutProjection(jdbc);
    private final PayoutQueries queries = new PayoutQueries(jdbc);
    private String integrator;
    private String escrowId;

    @BeforeEach
    void newEscrow() {
        integrator = "int_" + UUID.randomUUID();
        escrowId = "esc_" + UUID.randomUUID();
        escrows.on(new EscrowCreatedEvent(escrowId, integrator, "order_" + escrowId, usd(50000),
                List.of(new MilestoneTerms("ms_design", usd(20000), null),
                        new MilestoneTerms("ms_development", usd(30000), null)), null, null, T0), 0);
    }

    private String payout(int position) {
        return "po_" + escrowId.substring(4) + "_" + position;
    }

    @Test
    void aReleaseThenASplitDecisionOweThreePayoutsReconciledByTheirTransfers() {
        escrows.on(new FundsHeldEvent(escrowId, "pi_1", usd(50000), T0, T0), 1);
        projection.on(new MilestoneReleasedEvent(escrowId, "ms_design", usd(20000), T0.plusSeconds(60)));
        projection.on(new DisputeResolvedEvent(escrowId, "dsp_1", DisputeOutcome.SPLIT,
                new Ratio(new BigDecimal("0.35"), new BigDecimal("0.65")), "late", usd(30000),
                new Payout(usd(10500), usd(19500)), null, DECIDED));
        projection.on(new PayoutTransferRecordedEvent(escrowId, payout(2), "tr_client", ActorRole.CLIENT, usd(10500),
                usd(10500), usd(10500), PAID, PAID));
        projection.on(new PayoutTransferRecordedEvent(escrowId, payout(3), "tr_c1", ActorRole.CONTRACTOR, usd(19000),
                usd(19500), usd(19000), PAID, PAID.plusSeconds(1)));

        List<PayoutView> all = queries.list(integrator, List.of(), escrowId, null, 10).payouts();
        assertThat(all).extracting(PayoutView::payoutId).containsExactly(payout(3), payout(2), payout(1));
        assertThat(all).extracting(PayoutView::status)
                       .containsExactly("PARTIALLY_RECONCILED", "RECONCILED", "UNRECONCILED");
        assertThat(all).extracting(PayoutView::party).containsExactly("CONTRACTOR", "CLIENT", "CONTRACTOR");
        assertThat(all.stream().mapToLong(PayoutView::expectedAmount).sum()).isEqualTo(50000);
        PayoutView contractor = all.get(0);
        assertThat(contractor.kind()).isEqualTo("DECISION");
        assertThat(contractor.disputeId()).isEqualTo("dsp_1");
        assertThat(contractor.transfers()).containsExactly(new PayoutView.Transfer("tr_c1", 19000, PAID,
                PAID.plusSeconds(1)));

        assertThat(queries.list(integrator, List.of("UNRECONCILED"), null, null, 10).payouts())
                .extracting(PayoutView::payoutId).containsExactly(payout(1));
        assertThat(queries.overdue(DECIDED, 1000)).contains(new PayoutQueries.Overdue(escrowId, payout(1)),
                new PayoutQueries.Overdue(escrowId, payout(3)));

        projection.on(new PayoutUnreconciledEvent(escrowId, payout(3), ActorRole.CONTRACTOR, usd(19500), usd(19000),
                DECIDED, PAID.plusSeconds(3600)));
        assertThat(queries.find(integrator, payout(3)).orElseThrow().flaggedAt()).isEqualTo(PAID.plusSeconds(3600));
        assertThat(queries.overdue(DECIDED, 1000)).doesNotContain(new PayoutQueries.Overdue(escrowId, payout(3)));
        assertThat(queries.find("int_other", payout(3))).isEmpty();
    }

    @Test
    void pagesFollowOneAnotherWithoutGapsOrRepeats() {
        escrows.on(new FundsHeldEvent(escrowId, "pi_1", usd(50000), T0, T0), 1);
        projection.on(new MilestoneReleasedEvent(escrowId, "ms_design", usd(20000), T0));
        projection.on(new MilestoneReleasedEvent(escrowId, "ms_development", usd(30000), T0));

        PayoutQueries.Page first = queries.list(integrator, List.of(), null, null, 1);
        PayoutQueries.Page second = queries.list(integrator, List.of(), null, first.payouts().get(0).payoutId(), 1);

        assertThat(first.hasMore()).isTrue();
        assertThat(first.payouts().get(0).payoutId()).isEqualTo(payout(2));
        assertThat(second.payouts()).extracting(PayoutView::payoutId).containsExactly(payout(1));
        assertThat(second.hasMore()).isFalse();
    }

    @Test
    void aVaultFundedEscrowOwesNoPayout() {
        escrows.on(new EscrowFundedFromVaultEvent(escrowId, "0190a5c4-8f00-7000-8000-0000000000aa", null, "mrc_1",
                usd(50000), T0), 1);
        projection.on(new MilestoneReleasedEvent(escrowId, "ms_design", usd(20000), T0));

        assertThat(queries.list(integrator, List.of(), escrowId, null, 10).payouts()).isEmpty();
    }

    private static Money usd(long cents) {
        return Money.of(cents, "USD");
    }
}
