package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.DeliverableSubmittedEvent;
import io.escrowledger.domain.escrow.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.EscrowClosedEvent;
import io.escrowledger.domain.escrow.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.EscrowFundedFromVaultEvent;
import io.escrowledger.domain.escrow.EscrowState;
import io.escrowledger.domain.escrow.FundsHeldEvent;
import io.escrowledger.domain.escrow.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.MilestoneState;
import io.escrowledger.domain.escrow.MilestoneTerms;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

import static io.escrowledger.projections.support.SqlTime.toSql;

/**
 * Keeps {@code escrows} and {@code escrow_milestones} from the escrow events. It runs in a subscribing processor, in
 * the transaction that stores the events, so a GET right after a command sees its effect and a failed projection
 * rolls the command back instead of leaving the read model behind.
 */
@Component
@ProcessingGroup(EscrowProjection.PROCESSING_GROUP)
public class EscrowProjection {

    public static final String PROCESSING_GROUP = "escrow-read-model";

    private final JdbcClient jdbc;

    public EscrowProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    public void on(EscrowCreatedEvent event, @SequenceNumber long sequence) {
        jdbc.sql("""
                 INSERT INTO escrows (escrow_id, integrator_id, external_id, state, currency, total_amount,
                                      held_amount, released_amount, refunded_amount, created_at, updated_at,
                                      last_event_sequence)
                 VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?)""")
            .params(event.escrowId(), event.integratorId(), event.externalId(), EscrowState.CREATED.name(),
                    event.totalAmount().currency(), event.totalAmount().minorUnits(), toSql(event.createdAt()),
                    toSql(event.createdAt()), sequence)
            .update();
        List<MilestoneTerms> milestones = event.milestones();
        for (int position = 0; position < milestones.size(); position++) {
            MilestoneTerms milestone = milestones.get(position);
            jdbc.sql("""
                     INSERT INTO escrow_milestones (escrow_id, milestone_id, position, amount, deadline, state)
                     VALUES (?, ?, ?, ?, ?, ?)""")
                .params(event.escrowId(), milestone.milestoneId(), position, milestone.amount().minorUnits(),
                        toSql(milestone.deadline()), MilestoneState.PENDING.name())
                .update();
        }
    }

    @EventHandler
    public void on(FundsHeldEvent event, @SequenceNumber long sequence) {
        jdbc.sql("""
                 UPDATE escrows SET state = ?, held_amount = ?, external_payment_ref = ?, funded_at = ?,
                                    updated_at = ?, last_event_sequence = ?
                 WHERE escrow_id = ?""")
            .params(EscrowState.FUNDED.name(), event.amount().minorUnits(), event.externalPaymentRef(),
                    toSql(event.heldAt()), toSql(event.heldAt()), sequence, event.escrowId())
            .update();
        jdbc.sql("UPDATE escrow_milestones SET state = ? WHERE escrow_id = ?")
            .params(MilestoneState.FUNDED.name(), event.escrowId())
            .update();
    }

    @EventHandler
    public void on(EscrowFundedFromVaultEvent event, @SequenceNumber long sequence) {
        jdbc.sql("""
                 UPDATE escrows SET state = ?, held_amount = ?, funding_vault_id = ?, client_id = ?, contractor_id = ?,
                                    funded_at = ?, updated_at = ?, last_event_sequence = ?
                 WHERE escrow_id = ?""")
            .params(EscrowState.FUNDED.name(), event.amount().minorUnits(), event.vaultId(), event.clientId(),
                    event.contractorId(), toSql(event.fundedAt()), toSql(event.fundedAt()), sequence, event.escrowId())
            .update();
        jdbc.sql("UPDATE escrow_milestones SET state = ? WHERE escrow_id = ?")
            .params(MilestoneState.FUNDED.name(), event.escrowId())
            .update();
    }

    @EventHandler
    public void on(DeliverableSubmittedEvent event, @SequenceNumber long sequence) {
        jdbc.sql("""
                 UPDATE escrows SET state = ?, first_delivered_at = COALESCE(first_delivered_at, ?),
                                    updated_at = ?, last_event_sequence = ?
                 WHERE escrow_id = ?""")
            .params(EscrowState.DELIVERED.name(), toSql(event.submittedAt()), toSql(event.submittedAt()), sequence,
                    event.escrowId())
            .update();
        jdbc.sql("""
                 UPDATE escrow_milestones SET state = ?, deliverable_type = ?, deliverable_provider = ?,
                                              deliverable_uri = ?, deliverable_content_hash = ?, delivered_at = ?
                 WHERE escrow_id = ? AND milestone_id = ?""")
            .params(MilestoneState.DELIVERED.name(), event.reference().type(), event.reference().provider(),
                    event.reference().uri(), event.reference().contentHash(), toSql(event.submittedAt()),
                    event.escrowId(), event.milestoneId())
            .update();
    }

    @EventHandler
    public void on(MilestoneReleasedEvent event, @SequenceNumber long sequence) {
        moveHeldMoney(event.escrowId(), "released_amount", event.amount().minorUnits(), event.releasedAt(), sequence);
        jdbc.sql("UPDATE escrow_milestones SET state = ?, released_at = ? WHERE escrow_id = ? AND milestone_id = ?")
            .params(MilestoneState.RELEASED.name(), toSql(event.releasedAt()), event.escrowId(), event.milestoneId())
            .update();
    }

    @EventHandler
    public void on(MilestoneRefundedEvent event, @SequenceNumber long sequence) {
        moveHeldMoney(event.escrowId(), "refunded_amount", event.amount().minorUnits(), event.refundedAt(), sequence);
        jdbc.sql("UPDATE escrow_milestones SET state = ?, refunded_at = ? WHERE escrow_id = ? AND milestone_id = ?")
            .params(MilestoneState.REFUNDED.name(), toSql(event.refundedAt()), event.escrowId(), event.milestoneId())
            .update();
    }

    @EventHandler
    public void on(EscrowClosedEvent event, @SequenceNumber long sequence) {
        jdbc.sql("""
                 UPDATE escrows SET state = ?, closed_at = ?, updated_at = ?, last_event_sequence = ?
                 WHERE escrow_id = ?""")
            .params(event.outcome().name(), toSql(event.closedAt()), toSql(event.closedAt()), sequence,
                    event.escrowId())
            .update();
    }

    @EventHandler
    public void on(DisputeOpenedEvent event, @SequenceNumber long sequence) {
        jdbc.sql("UPDATE escrows SET state = ?, dispute_id = ?, updated_at = ?, last_event_sequence = ? WHERE escrow_id = ?")
            .params(EscrowState.DISPUTED.name(), event.disputeId(), toSql(event.openedAt()), sequence, event.escrowId())
            .update();
    }

    /** The decision pays out everything still held: the contractor's part is released, the client's refunded. */
    @EventHandler
    public void on(DisputeResolvedEvent event, @SequenceNumber long sequence) {
        jdbc.sql("""
                 UPDATE escrows SET held_amount = held_amount - ?, released_amount = released_amount + ?,
                                    refunded_amount = refunded_amount + ?, updated_at = ?, last_event_sequence = ?
                 WHERE escrow_id = ?""")
            .params(event.heldAmount().minorUnits(), event.payout().contractor().minorUnits(),
                    event.payout().client().minorUnits(), toSql(event.resolvedAt()), sequence, event.escrowId())
            .update();
        jdbc.sql("UPDATE escrow_milestones SET state = ? WHERE escrow_id = ? AND state IN (?, ?)")
            .params(MilestoneState.RESOLVED.name(), event.escrowId(), MilestoneState.FUNDED.name(),
                    MilestoneState.DELIVERED.name())
            .update();
    }

    /** Moves an amount from held to the released or refunded column, which the caller names (never user input). */
    private void moveHeldMoney(String escrowId, String targetColumn, long amount, Instant at, long sequence) {
        jdbc.sql("UPDATE escrows SET held_amount = held_amount - ?, " + targetColumn + " = " + targetColumn + " + ?,"
                 + " updated_at = ?, last_event_sequence = ? WHERE escrow_id = ?")
            .params(amount, amount, toSql(at), sequence, escrowId)
            .update();
    }
}
