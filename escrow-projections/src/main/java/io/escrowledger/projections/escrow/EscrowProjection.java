package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.event.DeliverableSubmittedEvent;
import io.escrowledger.domain.escrow.event.DeliveryConfirmedEvent;
import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowCancelledEvent;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowMetadataUpdatedEvent;
import io.escrowledger.projections.support.MetadataJson;
import io.escrowledger.domain.escrow.event.EscrowExpiredEvent;
import io.escrowledger.domain.escrow.event.EscrowFundedFromVaultEvent;
import io.escrowledger.domain.escrow.event.FundsHeldEvent;
import io.escrowledger.domain.escrow.event.InspectionPeriodElapsedEvent;
import io.escrowledger.domain.escrow.event.FundsReversedEvent;
import io.escrowledger.domain.escrow.event.MilestoneOverdueEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.event.OracleReportedEvent;
import io.escrowledger.domain.escrow.event.PaymentFailedEvent;
import io.escrowledger.domain.escrow.event.ReleaseApprovedEvent;
import io.escrowledger.domain.escrow.event.ReleaseConditionMetEvent;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.MilestoneState;
import io.escrowledger.domain.escrow.value.OracleOutcome;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import io.escrowledger.projections.support.ProjectionTable;
import io.escrowledger.projections.support.SubscribingProcessor;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.escrowledger.projections.support.SqlTime.toSql;

/**
 * Keeps {@code escrows} and {@code escrow_milestones} from the escrow events. It runs in a subscribing processor, in
 * the transaction that stores the events, so a GET right after a command sees its effect and a failed projection
 * rolls the command back instead of leaving the read model behind.
 */
@Component
@SubscribingProcessor
@ProcessingGroup(EscrowProjection.PROCESSING_GROUP)
public record EscrowProjection(JdbcClient jdbc) {

    public static final String PROCESSING_GROUP = "escrow-read-model";
    /** The tables it writes, parents first. */
    public static final List<ProjectionTable> TABLES = List.of(ProjectionTable.of("escrows"),
            ProjectionTable.of("escrow_milestones"), ProjectionTable.of("escrow_condition_progress"));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Removes an escrow's rows, its disputes' with them (the tables cascade), so that a past view can replay its
     * history into a transaction that is then rolled back (PastViews).
     */
    public void forget(String escrowId) {
        jdbc.sql("DELETE FROM escrows WHERE escrow_id = ?").param(escrowId).update();
    }

    /** The escrow and its milestones, in one statement. */
    @EventHandler
    public void on(EscrowCreatedEvent event, @SequenceNumber long sequence) {
        ReleaseCondition condition = event.releaseCondition();
        MilestoneColumns milestones = new MilestoneColumns(event);
        jdbc.sql("""
                 WITH escrow AS (
                     INSERT INTO escrows (escrow_id, integrator_id, external_id, state, currency, total_amount,
                                          held_amount, released_amount, refunded_amount, created_at, updated_at,
                                          last_event_sequence, expires_at, condition_type, condition_release_at,
                                          condition_oracle_id, condition_oracle_event, condition_approvers,
                                          condition_threshold, condition_details, platform_fee_fixed,
                                          platform_fee_basis_points, platform_fee_rounding, fee_amount, test_clock_id,
                                          metadata)
                     VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::json, ?, ?, ?, ?, ?, ?::jsonb)
                     RETURNING escrow_id)
                 INSERT INTO escrow_milestones (escrow_id, milestone_id, position, amount, deadline, state,
                                                platform_fee_fixed, platform_fee_basis_points, platform_fee_rounding,
                                                fee_amount, inspection_period_hours, metadata)
                 SELECT escrow.escrow_id, m.milestone_id, m.position - 1, m.amount, m.deadline, ?, m.fee_fixed,
                        m.fee_basis_points, m.fee_rounding, m.fee, m.inspection, m.metadata::jsonb
                 FROM escrow, unnest(?::text[], ?::bigint[], ?::timestamptz[], ?::bigint[], ?::integer[], ?::text[],
                                     ?::bigint[], ?::integer[], ?::text[]) WITH ORDINALITY
                     AS m (milestone_id, amount, deadline, fee_fixed, fee_basis_points, fee_rounding, fee, inspection,
                           metadata, position)""")
            .params(event.escrowId(), event.integratorId(), event.externalId(), EscrowState.CREATED.name(),
                    event.totalAmount().currency(), event.totalAmount().minorUnits(), toSql(event.createdAt()),
                    toSql(event.createdAt()), sequence, toSql(event.expiresAt()),
                    condition == null ? null : condition.type().name(),
                    condition == null ? null : toSql(condition.releaseAt()),
                    condition == null ? null : condition.oracleId(),
                    condition == null ? null : condition.oracleEvent(),
                    condition == null || condition.approvers() == null ? null : condition.approvers().toArray(String[]::new),
                    condition == null ? null : condition.threshold(),
                    condition == null ? null : JSON.writeValueAsString(condition.details()),
                    FeeData.fixedFee(event.platformFee()), FeeData.basisPoints(event.platformFee()),
                    FeeData.rounding(event.platformFee()),
                    milestones.feeTotal(), event.testClockId(), MetadataJson.write(event.metadata()),
                    MilestoneState.PENDING.name(), milestones.ids(), milestones.amounts(), milestones.deadlines(),
                    milestones.platformFeesFixed(), milestones.platformFeesBasisPoints(),
                    milestones.platformFeesRounding(), milestones.fees(), milestones.inspectionPeriodHours(),
                    milestones.metadata())
            .update();
    }

    /** The event carries the escrow's whole metadata after the change, and that of each milestone changed. */
    @EventHandler
    public void on(EscrowMetadataUpdatedEvent event, @SequenceNumber long sequence) {
        update(event.escrowId(), event.updatedAt(), sequence, "metadata = ?::jsonb",
                MetadataJson.write(event.metadata()));
        event.milestoneMetadata().forEach((milestoneId, metadata) -> jdbc
                .sql("UPDATE escrow_milestones SET metadata = ?::jsonb WHERE escrow_id = ? AND milestone_id = ?")
                .params(MetadataJson.write(metadata), event.escrowId(), milestoneId)
                .update());
    }

    @EventHandler
    public void on(FundsHeldEvent event, @SequenceNumber long sequence) {
        funded(event.escrowId(), event.amount().minorUnits(), event.heldAt(), sequence, "external_payment_ref = ?",
                event.externalPaymentRef());
    }

    @EventHandler
    public void on(EscrowFundedFromVaultEvent event, @SequenceNumber long sequence) {
        funded(event.escrowId(), event.amount().minorUnits(), event.fundedAt(), sequence,
                "funding_vault_id = ?, client_id = ?, contractor_id = ?", event.vaultId(), event.clientId(),
                event.contractorId());
    }

    /**
     * The escrow holds {@code held} and each of its milestones is funded; {@code source} (a SET list with its
     * {@code parameters}) records where the money came from: a declared payment or a vault. Funding is a command,
     * never a deadline, so {@code updated_at} is its moment outright, not {@link #update}'s {@code GREATEST}.
     */
    private void funded(String escrowId, long held, Instant at, long sequence, String source, Object... parameters) {
        List<Object> all = new ArrayList<>(Arrays.asList(parameters));
        all.addAll(Arrays.asList(EscrowState.FUNDED.name(), held, toSql(at), toSql(at), sequence, escrowId));
        jdbc.sql("UPDATE escrows SET " + source + ", state = ?, held_amount = ?, funded_at = ?, updated_at = ?,"
                 + " last_event_sequence = ? WHERE escrow_id = ?")
            .params(all)
            .update();
        jdbc.sql("UPDATE escrow_milestones SET state = ? WHERE escrow_id = ?")
            .params(MilestoneState.FUNDED.name(), escrowId)
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
                                              deliverable_uri = ?, deliverable_content_hash = ?, delivered_at = ?,
                                              inspection_ends_at = COALESCE(inspection_ends_at,
                                                      ? + inspection_period_hours * INTERVAL '1 hour')
                 WHERE escrow_id = ? AND milestone_id = ?""")
            .params(MilestoneState.DELIVERED.name(), event.reference().type(), event.reference().provider(),
                    event.reference().uri(), event.reference().contentHash(), toSql(event.submittedAt()),
                    toSql(event.submittedAt()), event.escrowId(), event.milestoneId())
            .update();
    }

    @EventHandler
    public void on(MilestoneReleasedEvent event, @SequenceNumber long sequence) {
        moveHeldMoney(event.escrowId(), "released", event.amount().minorUnits(), event.fee().minorUnits(), 0, null,
                event.releasedAt(), sequence);
        payOutOfMilestone(event.escrowId(), event.milestoneId(), "released", event.amount().minorUnits(),
                event.fee().minorUnits(), event.releasedAt());
    }

    @EventHandler
    public void on(MilestoneRefundedEvent event, @SequenceNumber long sequence) {
        // An expiry or an oracle's rejection names its reason before its refunds; otherwise the integrator asked.
        moveHeldMoney(event.escrowId(), "refunded", event.amount().minorUnits(), event.fee().minorUnits(),
                event.feeReturned().minorUnits(), "requested", event.refundedAt(), sequence);
        payOutOfMilestone(event.escrowId(), event.milestoneId(), "refunded", event.amount().minorUnits(),
                event.fee().minorUnits(), event.refundedAt());
    }

    /**
     * Adds a payout to the milestone's released or refunded columns (the prefix, which the caller names, never user
     * input); once nothing is left the milestone is RELEASED, REFUNDED, or SETTLED when it went to both sides.
     */
    private void payOutOfMilestone(String escrowId, String milestoneId, String side, long gross, long fee,
                                   Instant at) {
        jdbc.sql("UPDATE escrow_milestones SET " + side + "_amount = " + side + "_amount + ?, " + side + "_fee = "
                 + side + "_fee + ?, " + side + "_at = ?,"
                 + " state = CASE WHEN released_amount + refunded_amount + ? < amount THEN state"
                 + " WHEN released_amount + (CASE WHEN ?::text = 'released' THEN ? ELSE 0 END) = 0 THEN ?"
                 + " WHEN refunded_amount + (CASE WHEN ?::text = 'refunded' THEN ? ELSE 0 END) = 0 THEN ? ELSE ? END"
                 + " WHERE escrow_id = ? AND milestone_id = ?")
            .params(gross, fee, toSql(at), gross, side, gross, MilestoneState.REFUNDED.name(), side, gross,
                    MilestoneState.RELEASED.name(), MilestoneState.SETTLED.name(), escrowId, milestoneId)
            .update();
    }

    @EventHandler
    public void on(EscrowClosedEvent event, @SequenceNumber long sequence) {
        update(event.escrowId(), event.closedAt(), sequence, "state = ?, closed_at = ?", event.outcome().name(),
                toSql(event.closedAt()));
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
        update(event.escrowId(), event.resolvedAt(), sequence, """
                        held_amount = held_amount - ?, released_amount = released_amount + ?,
                        refunded_amount = refunded_amount + ?, released_fee = released_fee + ?,
                        fee_returned = fee_returned + ?, refund_reason = COALESCE(refund_reason, ?)""",
                event.heldAmount().minorUnits(), event.payout().contractor().minorUnits(),
                event.payout().client().minorUnits(), event.contractorFee().minorUnits(),
                event.feeReturned().minorUnits(), event.payout().client().isZero() ? null : "dispute_decision");
        jdbc.sql("UPDATE escrow_milestones SET state = ? WHERE escrow_id = ? AND state IN (?, ?)")
            .params(MilestoneState.RESOLVED.name(), event.escrowId(), MilestoneState.FUNDED.name(),
                    MilestoneState.DELIVERED.name())
            .update();
    }

    /**
     * Unless a dispute is open, the refunds that follow give the money back because the escrow expired. An escrow
     * that expires unfunded is closed by it.
     */
    @EventHandler
    public void on(EscrowExpiredEvent event, @SequenceNumber long sequence) {
        boolean refunds = event.openDisputeId() == null && !event.heldAmount().isZero();
        update(event.escrowId(), event.expiredAt(), sequence, """
                        expired_at = ?, state = CASE WHEN state = ? THEN ? ELSE state END,
                        closed_at = CASE WHEN state = ? THEN ? ELSE closed_at END,
                        refund_reason = COALESCE(refund_reason, ?)""",
                toSql(event.expiredAt()), EscrowState.CREATED.name(), EscrowState.EXPIRED.name(),
                EscrowState.CREATED.name(), toSql(event.expiredAt()), refunds ? "expired" : null);
    }

    @EventHandler
    public void on(EscrowCancelledEvent event, @SequenceNumber long sequence) {
        update(event.escrowId(), event.cancelledAt(), sequence, "state = ?, cancellation_reason = ?, closed_at = ?",
                EscrowState.CANCELLED.name(), event.reason(), toSql(event.cancelledAt()));
    }

    /** Only the last failure is shown; every one stays in the escrow's history. */
    @EventHandler
    public void on(PaymentFailedEvent event, @SequenceNumber long sequence) {
        update(event.escrowId(), event.failedAt(), sequence,
                "payment_failure_ref = ?, payment_failure_reason = ?, payment_failed_at = ?",
                event.externalPaymentRef(), event.reason(), toSql(event.declaredAt()));
    }

    @EventHandler
    public void on(FundsReversedEvent event, @SequenceNumber long sequence) {
        update(event.escrowId(), event.reversedAt(), sequence, "funds_reversed_at = ?, reversal_reason = ?",
                toSql(event.declaredAt()), event.reason());
    }

    @EventHandler
    public void on(MilestoneOverdueEvent event, @SequenceNumber long sequence) {
        stampMilestone("overdue_at", event.escrowId(), event.milestoneId(), event.deadline(), sequence);
    }

    /** The release that follows is its own event (MilestoneReleasedEvent); this records the rule that caused it. */
    @EventHandler
    public void on(InspectionPeriodElapsedEvent event, @SequenceNumber long sequence) {
        stampMilestone("inspection_elapsed_at", event.escrowId(), event.milestoneId(), event.elapsedAt(), sequence);
    }

    @EventHandler
    public void on(ReleaseApprovedEvent event, @SequenceNumber long sequence) {
        recordStep(event.escrowId(), sequence, "approval", event.approverId(), null, event.approvedAt(), null);
    }

    @EventHandler
    public void on(OracleReportedEvent event, @SequenceNumber long sequence) {
        recordStep(event.escrowId(), sequence, "oracle_report", event.oracleId(), event.outcome().name(),
                event.reportedAt(), event.outcome() == OracleOutcome.REJECTED ? "oracle_rejected" : null);
    }

    @EventHandler
    public void on(DeliveryConfirmedEvent event, @SequenceNumber long sequence) {
        recordStep(event.escrowId(), sequence, "delivery_confirmation", event.confirmedBy(), null,
                event.confirmedAt(), null);
    }

    @EventHandler
    public void on(ReleaseConditionMetEvent event, @SequenceNumber long sequence) {
        update(event.escrowId(), event.metAt(), sequence, "condition_met_at = ?", toSql(event.metAt()));
    }

    /** A step towards the condition; a rejection also names why the refunds that follow it happen. */
    private void recordStep(String escrowId, long sequence, String kind, String partyId, String outcome, Instant at,
                            String refundReason) {
        jdbc.sql("""
                 INSERT INTO escrow_condition_progress (escrow_id, event_sequence, kind, party_id, outcome, occurred_at)
                 VALUES (?, ?, ?, ?, ?, ?)""")
            .params(escrowId, sequence, kind, partyId, outcome, toSql(at))
            .update();
        touch(escrowId, at, sequence, refundReason);
    }

    /** Records when something happened to a milestone, in its {@code column} (named by the caller, never input). */
    private void stampMilestone(String column, String escrowId, String milestoneId, Instant at, long sequence) {
        jdbc.sql("UPDATE escrow_milestones SET " + column + " = ? WHERE escrow_id = ? AND milestone_id = ?")
            .params(toSql(at), escrowId, milestoneId)
            .update();
        touch(escrowId, at, sequence, null);
    }

    /**
     * Records that the escrow changed. The first reason money went back to the client is kept (null names none):
     * later refunds follow from it.
     */
    private void touch(String escrowId, Instant at, long sequence, String refundReason) {
        update(escrowId, at, sequence, "refund_reason = COALESCE(refund_reason, ?)", refundReason);
    }

    /**
     * Applies {@code changes} (a SET list with its {@code parameters}) to the escrow's row, and records that event
     * {@code sequence} changed it at {@code at}. Deadline events carry the moment they were due, which can be earlier
     * than a command recorded while the deadline waited to fire: {@code updated_at} never goes back.
     */
    private void update(String escrowId, Instant at, long sequence, String changes, Object... parameters) {
        List<Object> all = new ArrayList<>(Arrays.asList(parameters));
        all.addAll(Arrays.asList(toSql(at), sequence, escrowId));
        jdbc.sql("UPDATE escrows SET " + changes + ", updated_at = GREATEST(updated_at, ?), last_event_sequence = ?"
                 + " WHERE escrow_id = ?")
            .params(all)
            .update();
    }

    /**
     * Moves an amount from held to the released or refunded side, which the caller names (never user input), with the
     * platform's fee taken from it and the fee it gave up, and names the refund's reason unless an earlier event did
     * (null for a release).
     */
    private void moveHeldMoney(String escrowId, String side, long amount, long fee, long feeReturned,
                               String refundReason, Instant at, long sequence) {
        update(escrowId, at, sequence, "held_amount = held_amount - ?, " + side + "_amount = " + side + "_amount + ?, "
                                       + side + "_fee = " + side + "_fee + ?, fee_returned = fee_returned + ?,"
                                       + " refund_reason = COALESCE(refund_reason, ?)",
                amount, amount, fee, feeReturned, refundReason);
    }
}
