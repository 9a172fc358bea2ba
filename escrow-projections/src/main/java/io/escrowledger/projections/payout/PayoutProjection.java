package io.escrowledger.projections.payout;

import io.escrowledger.domain.escrow.ExpectedPayouts;
import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.event.PayoutTransferRecordedEvent;
import io.escrowledger.domain.escrow.event.PayoutUnreconciledEvent;
import io.escrowledger.domain.escrow.value.ExpectedPayout;
import io.escrowledger.projections.support.ProjectionTable;
import io.escrowledger.projections.support.SubscribingProcessor;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;

import static io.escrowledger.projections.support.SqlTime.toSql;
import static io.escrowledger.projections.support.SqlTime.toSqlArray;

/**
 * Keeps {@code payouts} and {@code payout_transfers}: a row per party each release, refund or decision paid (numbered as
 * {@link ExpectedPayouts} numbers them), and a row per transfer the integrator recorded. In the command's transaction,
 * like the escrow read model, whose rows it hangs from.
 */
@Component
@SubscribingProcessor
@ProcessingGroup(PayoutProjection.PROCESSING_GROUP)
public record PayoutProjection(JdbcClient jdbc) {

    public static final String PROCESSING_GROUP = "payout-read-model";
    /** The tables it writes, parents first. */
    public static final List<ProjectionTable> TABLES = List.of(ProjectionTable.of("payouts"),
            ProjectionTable.of("payout_transfers"));

    @EventHandler
    public void on(MilestoneReleasedEvent event) {
        expect(event);
    }

    @EventHandler
    public void on(MilestoneRefundedEvent event) {
        expect(event);
    }

    @EventHandler
    public void on(DisputeResolvedEvent event) {
        expect(event);
    }

    /** The event carries what the payout has received with it, so its status is set, not added up. */
    @EventHandler
    public void on(PayoutTransferRecordedEvent event) {
        jdbc.sql("""
                 WITH transfer AS (
                     INSERT INTO payout_transfers (escrow_id, reference, payout_id, party, amount, executed_at, recorded_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?)
                     RETURNING payout_id, recorded_at)
                 UPDATE payouts p SET transferred_amount = ?, status = ?, transfer_count = p.transfer_count + 1,
                                      last_transfer_at = transfer.recorded_at
                 FROM transfer WHERE p.payout_id = transfer.payout_id""")
            .params(event.escrowId(), event.reference(), event.payoutId(), event.party().name(),
                    event.amount().minorUnits(), toSql(event.executedAt()), toSql(event.recordedAt()),
                    event.transferredTotal().minorUnits(),
                    PayoutStatus.of(event.expectedAmount(), event.transferredTotal()))
            .update();
    }

    @EventHandler
    public void on(PayoutUnreconciledEvent event) {
        jdbc.sql("UPDATE payouts SET flagged_at = ? WHERE payout_id = ?")
            .params(toSql(event.flaggedAt()), event.payoutId())
            .update();
    }

    /**
     * The event's payouts, numbered after those the escrow already has, in one statement; none for a vault-funded
     * escrow, whose money moves in the vault's ledger.
     */
    private void expect(EscrowEvent event) {
        List<ExpectedPayout> payouts = ExpectedPayouts.of(event);
        if (payouts.isEmpty()) {
            return;
        }
        jdbc.sql("""
                 INSERT INTO payouts (payout_id, escrow_id, position, integrator_id, kind, party, milestone_id,
                                      dispute_id, currency, expected_amount, expected_at)
                 SELECT 'po_' || substr(e.escrow_id, 5) || '_' || (n.already + p.ordinal), e.escrow_id,
                        n.already + p.ordinal, e.integrator_id, p.kind, p.party, p.milestone_id, p.dispute_id,
                        e.currency, p.amount, p.expected_at
                 FROM escrows e
                 CROSS JOIN LATERAL (SELECT count(*) AS already FROM payouts WHERE escrow_id = e.escrow_id) n
                 CROSS JOIN unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::timestamptz[])
                     WITH ORDINALITY AS p (kind, party, milestone_id, dispute_id, amount, expected_at, ordinal)
                 WHERE e.escrow_id = ? AND e.funding_vault_id IS NULL""")
            .params(payouts.stream().map(p -> p.kind().name()).toArray(String[]::new),
                    payouts.stream().map(p -> p.party().name()).toArray(String[]::new),
                    payouts.stream().map(ExpectedPayout::milestoneId).toArray(String[]::new),
                    payouts.stream().map(ExpectedPayout::disputeId).toArray(String[]::new),
                    payouts.stream().map(p -> p.amount().minorUnits()).toArray(Long[]::new),
                    toSqlArray(payouts.stream().map(ExpectedPayout::expectedAt).toList()),
                    event.escrowId())
            .update();
    }
}
