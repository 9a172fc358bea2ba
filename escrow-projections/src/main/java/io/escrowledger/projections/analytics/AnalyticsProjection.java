package io.escrowledger.projections.analytics;

import io.escrowledger.domain.escrow.event.DeliverableSubmittedEvent;
import io.escrowledger.domain.escrow.event.DisputeMetadataUpdatedEvent;
import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowCancelledEvent;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowEvent;
import io.escrowledger.domain.escrow.event.EscrowExpiredEvent;
import io.escrowledger.domain.escrow.event.EscrowFundedFromVaultEvent;
import io.escrowledger.domain.escrow.event.EscrowMetadataUpdatedEvent;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.EvidenceSubmittedEvent;
import io.escrowledger.domain.escrow.event.FundsHeldEvent;
import io.escrowledger.domain.escrow.event.FundsReversedEvent;
import io.escrowledger.domain.escrow.event.InspectionPeriodElapsedEvent;
import io.escrowledger.domain.escrow.event.MilestoneOverdueEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.event.PaymentFailedEvent;
import io.escrowledger.domain.escrow.event.PayoutTransferRecordedEvent;
import io.escrowledger.domain.escrow.event.RecommendationIssuedEvent;
import io.escrowledger.domain.escrow.event.ReleaseConditionMetEvent;
import io.escrowledger.domain.escrow.ExpectedPayouts;
import io.escrowledger.domain.escrow.value.ExpectedPayout;
import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.money.Money;
import io.escrowledger.projections.escrow.ConditionData;
import io.escrowledger.projections.escrow.MilestoneColumns;
import io.escrowledger.projections.support.MetadataJson;
import io.escrowledger.projections.support.ProjectionTable;
import io.escrowledger.projections.support.SubscribingProcessor;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static io.escrowledger.projections.support.SqlTime.toSql;
import static io.escrowledger.projections.support.SqlTime.toSqlArray;

/**
 * Keeps the {@code analytics} schema (docs/analytics.md) from the escrow events, in the transaction of the command
 * that stores them (a subscribing processor): analysts see a command's effect as soon as it commits, and no processor
 * has to follow the event store. {@link AnalyticsReplay} rebuilds the tables from the events.
 * <p>
 * Each escrow's row remembers the last event applied to it, so an event handled twice (live and by a replay) is
 * applied once.
 */
@Component
@SubscribingProcessor
@ProcessingGroup(AnalyticsProjection.PROCESSING_GROUP)
public record AnalyticsProjection(JdbcClient jdbc) {

    public static final String PROCESSING_GROUP = "analytics";
    /** The tables it writes, parents first. */
    public static final List<ProjectionTable> TABLES = List.of(ProjectionTable.of("analytics.escrows"),
            ProjectionTable.of("analytics.milestones"), ProjectionTable.of("analytics.disputes"),
            ProjectionTable.of("analytics.payouts"), ProjectionTable.of("analytics.expected_payouts"));

    /**
     * The escrow and its milestones, in one statement; nothing when the escrow's row is there already. An escrow on a
     * test clock gets no row, so none of its later events counts either (each needs the escrow's row).
     */
    @EventHandler
    public void on(EscrowCreatedEvent event, @SequenceNumber long sequence) {
        if (event.testClockId() != null) {
            return;
        }
        MilestoneColumns milestones = new MilestoneColumns(event);
        jdbc.sql("""
                 WITH escrow AS (
                     INSERT INTO analytics.escrows (escrow_id, integrator_id, external_id, currency, total_amount,
                                                    milestone_count, condition_type, state, created_at, expires_at,
                                                    last_event_sequence, fee_amount, metadata)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                     ON CONFLICT (escrow_id) DO NOTHING
                     RETURNING escrow_id, integrator_id, currency)
                 INSERT INTO analytics.milestones (escrow_id, milestone_id, position, integrator_id, currency, amount,
                                                   deadline, fee_amount, inspection_period_hours, metadata)
                 SELECT escrow.escrow_id, m.milestone_id, m.position - 1, escrow.integrator_id, escrow.currency,
                        m.amount, m.deadline, m.fee, m.inspection, m.metadata::jsonb
                 FROM escrow, unnest(?::text[], ?::bigint[], ?::timestamptz[], ?::bigint[], ?::integer[], ?::text[])
                     WITH ORDINALITY AS m (milestone_id, amount, deadline, fee, inspection, metadata, position)""")
            .params(event.escrowId(), event.integratorId(), event.externalId(), event.totalAmount().currency(),
                    event.totalAmount().minorUnits(), event.milestones().size(),
                    event.releaseCondition() == null ? null : ConditionData.typeName(event.releaseCondition().type()),
                    EscrowState.CREATED.name(), toSql(event.createdAt()), toSql(event.expiresAt()), sequence,
                    milestones.feeTotal(), MetadataJson.write(event.metadata()), milestones.ids(),
                    milestones.amounts(), milestones.deadlines(), milestones.fees(),
                    milestones.inspectionPeriodHours(), milestones.metadata())
            .update();
    }

    /** The metadata events carry the whole metadata after the change (of each milestone changed, too). */
    @EventHandler
    public void on(EscrowMetadataUpdatedEvent event, @SequenceNumber long sequence) {
        if (advance(event.escrowId(), sequence, "metadata = ?::jsonb", MetadataJson.write(event.metadata()))) {
            event.milestoneMetadata().forEach((milestoneId, metadata) -> updateMilestone(event.escrowId(), milestoneId,
                    "metadata = ?::jsonb", MetadataJson.write(metadata)));
        }
    }

    @EventHandler
    public void on(DisputeMetadataUpdatedEvent event, @SequenceNumber long sequence) {
        if (advanced(event.escrowId(), sequence)) {
            jdbc.sql("UPDATE analytics.disputes SET metadata = ?::jsonb WHERE dispute_id = ?")
                .params(MetadataJson.write(event.metadata()), event.disputeId()).update();
        }
    }

    @EventHandler
    public void on(FundsHeldEvent event, @SequenceNumber long sequence) {
        funded(event.escrowId(), sequence, "declared", null, event.amount(), event.heldAt());
    }

    @EventHandler
    public void on(EscrowFundedFromVaultEvent event, @SequenceNumber long sequence) {
        funded(event.escrowId(), sequence, "vault", event.vaultId(), event.amount(), event.fundedAt());
    }

    private void funded(String escrowId, long sequence, String source, String vaultId, Money amount, Instant at) {
        advance(escrowId, sequence, "state = ?, funding_source = ?, vault_id = ?, held_amount = ?, funded_at = ?",
                EscrowState.FUNDED.name(), source, vaultId, amount.minorUnits(), toSql(at));
    }

    @EventHandler
    public void on(DeliverableSubmittedEvent event, @SequenceNumber long sequence) {
        if (!advance(event.escrowId(), sequence, "state = ?, first_delivered_at = COALESCE(first_delivered_at, ?)",
                EscrowState.DELIVERED.name(), toSql(event.submittedAt()))) {
            return;
        }
        updateMilestone(event.escrowId(), event.milestoneId(),
                "delivered_at = COALESCE(delivered_at, ?), late = late OR (deadline IS NOT NULL AND deadline < ?)",
                toSql(event.submittedAt()), toSql(event.submittedAt()));
    }

    @EventHandler
    public void on(MilestoneOverdueEvent event, @SequenceNumber long sequence) {
        if (advanced(event.escrowId(), sequence)) {
            updateMilestone(event.escrowId(), event.milestoneId(), "overdue_at = ?, late = TRUE",
                    toSql(event.deadline()));
        }
    }

    @EventHandler
    public void on(InspectionPeriodElapsedEvent event, @SequenceNumber long sequence) {
        if (advanced(event.escrowId(), sequence)) {
            updateMilestone(event.escrowId(), event.milestoneId(), "inspection_elapsed_at = ?",
                    toSql(event.elapsedAt()));
        }
    }

    @EventHandler
    public void on(MilestoneReleasedEvent event, @SequenceNumber long sequence) {
        if (settled(event.escrowId(), sequence, event.milestoneId(), "released", event.amount(), event.fee(),
                Money.zero(event.amount().currency()), event.remainingAmount(), event.releasedAt())) {
            expectPayouts(event);
        }
    }

    @EventHandler
    public void on(MilestoneRefundedEvent event, @SequenceNumber long sequence) {
        if (settled(event.escrowId(), sequence, event.milestoneId(), "refunded", event.amount(), event.fee(),
                event.feeReturned(), event.remainingAmount(), event.refundedAt())) {
            expectPayouts(event);
        }
    }

    /**
     * The payouts the event asks the integrator to transfer, numbered as the service numbers them (ExpectedPayouts);
     * none for a vault-funded escrow.
     */
    private void expectPayouts(EscrowEvent event) {
        List<ExpectedPayout> payouts = ExpectedPayouts.of(event);
        if (payouts.isEmpty()) {
            return;
        }
        jdbc.sql("""
                 INSERT INTO analytics.expected_payouts (payout_id, escrow_id, integrator_id, kind, party, currency,
                                                         expected_amount, expected_at)
                 SELECT 'po_' || substr(e.escrow_id, 5) || '_' || (n.already + p.ordinal), e.escrow_id,
                        e.integrator_id, p.kind, p.party, e.currency, p.amount, p.expected_at
                 FROM analytics.escrows e
                 CROSS JOIN LATERAL (SELECT count(*) AS already FROM analytics.expected_payouts
                                     WHERE escrow_id = e.escrow_id) n
                 CROSS JOIN unnest(?::text[], ?::text[], ?::bigint[], ?::timestamptz[])
                     WITH ORDINALITY AS p (kind, party, amount, expected_at, ordinal)
                 WHERE e.escrow_id = ? AND e.funding_source = 'declared'""")
            .params(payouts.stream().map(p -> p.kind().name()).toArray(String[]::new),
                    payouts.stream().map(p -> p.party().name()).toArray(String[]::new),
                    payouts.stream().map(p -> p.amount().minorUnits()).toArray(Long[]::new),
                    toSqlArray(payouts.stream().map(ExpectedPayout::expectedAt).toList()), event.escrowId())
            .update();
    }

    @EventHandler
    public void on(PayoutTransferRecordedEvent event, @SequenceNumber long sequence) {
        if (advanced(event.escrowId(), sequence)) {
            jdbc.sql("""
                     UPDATE analytics.expected_payouts SET transferred_amount = transferred_amount + ?,
                            reconciled_at = CASE WHEN reconciled_at IS NULL
                                                      AND transferred_amount + ? >= expected_amount
                                                 THEN ? ELSE reconciled_at END
                     WHERE payout_id = ?""")
                .params(event.amount().minorUnits(), event.amount().minorUnits(), toSql(event.recordedAt()),
                        event.payoutId())
                .update();
        }
    }

    /**
     * A payout out of one milestone: the escrow's and the milestone's sums, and a row in {@code analytics.payouts}.
     * The milestone's outcome is set once nothing is left of it: released, refunded, or settled (some of each).
     *
     * @return false, changing nothing, when the event was applied already
     */
    private boolean settled(String escrowId, long sequence, String milestoneId, String outcome, Money amount, Money fee,
                            Money feeReturned, Money remaining, Instant at) {
        String movedColumn = outcome.equals("released") ? "released_amount" : "refunded_amount";
        if (!advance(escrowId, sequence, "held_amount = held_amount - ?, " + movedColumn + " = " + movedColumn + " + ?, "
                                         + "fee_collected = fee_collected + ?, fee_returned = fee_returned + ?",
                amount.minorUnits(), amount.minorUnits(), fee.minorUnits(), feeReturned.minorUnits())) {
            return false;
        }
        updateMilestone(escrowId, milestoneId, movedColumn + " = " + movedColumn + " + ?,"
                                               + " outcome = CASE WHEN ? > 0 THEN outcome"
                                               + " WHEN released_amount + refunded_amount = 0 THEN ?"
                                               + " WHEN ?::text = 'released' AND refunded_amount = 0 THEN 'released'"
                                               + " WHEN ?::text = 'refunded' AND released_amount = 0 THEN 'refunded'"
                                               + " ELSE 'settled' END,"
                                               + " settled_at = CASE WHEN ? > 0 THEN settled_at ELSE ? END",
                amount.minorUnits(), remaining.minorUnits(), outcome, outcome, outcome, remaining.minorUnits(),
                toSql(at));
        recordPayout(escrowId, sequence, outcome.equals("released") ? "release" : "refund", milestoneId, amount, fee,
                feeReturned, remaining, at);
        return true;
    }

    private void recordPayout(String escrowId, long sequence, String kind, String milestoneId, Money gross, Money fee,
                              Money feeReturned, Money remaining, Instant at) {
        jdbc.sql("""
                 INSERT INTO analytics.payouts (escrow_id, event_sequence, integrator_id, currency, kind, milestone_id,
                                                gross, fee, fee_returned, remaining, occurred_at)
                 SELECT escrow_id, ?, integrator_id, currency, ?, ?, ?, ?, ?, ?, ? FROM analytics.escrows
                 WHERE escrow_id = ?
                 ON CONFLICT (escrow_id, event_sequence) DO NOTHING""")
            .params(sequence, kind, milestoneId, gross.minorUnits(), fee.minorUnits(), feeReturned.minorUnits(),
                    remaining == null ? null : remaining.minorUnits(), toSql(at), escrowId)
            .update();
    }

    @EventHandler
    public void on(EscrowClosedEvent event, @SequenceNumber long sequence) {
        advance(event.escrowId(), sequence, "state = ?, held_amount = 0, released_amount = ?, refunded_amount = ?, "
                                            + "closed_at = ?",
                event.outcome().name(), event.releasedAmount().minorUnits(), event.refundedAmount().minorUnits(),
                toSql(event.closedAt()));
    }

    @EventHandler
    public void on(EscrowExpiredEvent event, @SequenceNumber long sequence) {
        // Unfunded, it ends here; funded, its refunds (or the open dispute's decision) close it.
        advance(event.escrowId(), sequence, """
                        expired_at = ?, closed_at = CASE WHEN state = ? THEN ? ELSE closed_at END,
                        state = CASE WHEN state = ? THEN ? ELSE state END""",
                toSql(event.expiredAt()), EscrowState.CREATED.name(), toSql(event.expiredAt()),
                EscrowState.CREATED.name(), EscrowState.EXPIRED.name());
    }

    @EventHandler
    public void on(EscrowCancelledEvent event, @SequenceNumber long sequence) {
        advance(event.escrowId(), sequence, "state = ?, cancelled_at = ?, closed_at = ?",
                EscrowState.CANCELLED.name(), toSql(event.cancelledAt()), toSql(event.cancelledAt()));
    }

    @EventHandler
    public void on(PaymentFailedEvent event, @SequenceNumber long sequence) {
        advance(event.escrowId(), sequence, "payment_failure_count = payment_failure_count + 1");
    }

    @EventHandler
    public void on(FundsReversedEvent event, @SequenceNumber long sequence) {
        advance(event.escrowId(), sequence, "funds_reversed_at = ?", toSql(event.declaredAt()));
    }

    @EventHandler
    public void on(ReleaseConditionMetEvent event, @SequenceNumber long sequence) {
        advance(event.escrowId(), sequence, "condition_met_at = ?", toSql(event.metAt()));
    }

    @EventHandler
    public void on(DisputeOpenedEvent event, @SequenceNumber long sequence) {
        if (!advance(event.escrowId(), sequence, "state = ?, dispute_count = dispute_count + 1, "
                                                 + "first_disputed_at = COALESCE(first_disputed_at, ?)",
                EscrowState.DISPUTED.name(), toSql(event.openedAt()))) {
            return;
        }
        jdbc.sql("""
                 INSERT INTO analytics.disputes (dispute_id, escrow_id, integrator_id, currency, held_amount,
                                                 reason_code, opened_by_role, opened_at, evidence_due_by, metadata)
                 SELECT ?, escrow_id, integrator_id, currency, ?, ?, ?, ?, ?, ?::jsonb
                 FROM analytics.escrows WHERE escrow_id = ?""")
            .params(event.disputeId(), event.heldAmount().minorUnits(), event.reason().name(),
                    role(event.openedBy().role()), toSql(event.openedAt()), toSql(event.evidenceDueBy()),
                    MetadataJson.write(event.metadata()), event.escrowId())
            .update();
    }

    @EventHandler
    public void on(EvidenceSubmittedEvent event, @SequenceNumber long sequence) {
        if (advanced(event.escrowId(), sequence)) {
            String counter = event.submittedBy().role() == ActorRole.CLIENT
                    ? "client_evidence_count" : "contractor_evidence_count";
            jdbc.sql("UPDATE analytics.disputes SET " + counter + " = " + counter + " + 1 WHERE dispute_id = ?")
                .param(event.disputeId())
                .update();
        }
    }

    @EventHandler
    public void on(EvidenceLockedEvent event, @SequenceNumber long sequence) {
        if (advanced(event.escrowId(), sequence)) {
            jdbc.sql("UPDATE analytics.disputes SET locked_at = ?, locked_by = ? WHERE dispute_id = ?")
                .params(toSql(event.lockedAt()), event.lockedBy().name().toLowerCase(Locale.ROOT), event.disputeId())
                .update();
        }
    }

    @EventHandler
    public void on(RecommendationIssuedEvent event, @SequenceNumber long sequence) {
        if (advanced(event.escrowId(), sequence)) {
            jdbc.sql("""
                     UPDATE analytics.disputes SET recommendation = ?, recommendation_confidence = ?,
                                                   recommended_client_ratio = ?, recommended_at = ?
                     WHERE dispute_id = ?""")
                .params(event.recommendation().recommendation().name(), event.recommendation().confidence(),
                        event.recommendation().suggestedRatio().client(), toSql(event.issuedAt()),
                        event.disputeId())
                .update();
        }
    }

    @EventHandler
    public void on(DisputeResolvedEvent event, @SequenceNumber long sequence) {
        if (!advance(event.escrowId(), sequence, "fee_collected = fee_collected + ?, fee_returned = fee_returned + ?",
                event.contractorFee().minorUnits(), event.feeReturned().minorUnits())) {
            return;
        }
        recordPayout(event.escrowId(), sequence, "decision", null, event.heldAmount(), event.contractorFee(),
                event.feeReturned(), null, event.resolvedAt());
        Boolean followed = event.recommendedOutcome() == null ? null : event.recommendedOutcome() == event.outcome();
        jdbc.sql("""
                 UPDATE analytics.disputes SET decision = ?, final_client_ratio = ?, client_payout = ?,
                                               contractor_payout = ?, contractor_fee = ?, fee_returned = ?,
                                               resolved_at = ?, followed_recommendation = ?,
                                               seconds_to_resolve = EXTRACT(EPOCH FROM (?::timestamptz - opened_at))
                 WHERE dispute_id = ?""")
            .params(event.outcome().name(), event.finalRatio().client(), event.payout().client().minorUnits(),
                    event.payout().contractor().minorUnits(), event.contractorFee().minorUnits(),
                    event.feeReturned().minorUnits(), toSql(event.resolvedAt()), followed,
                    toSql(event.resolvedAt()), event.disputeId())
            .update();
        jdbc.sql("""
                 UPDATE analytics.milestones SET outcome = 'disputed', settled_at = ?
                 WHERE escrow_id = ? AND outcome = 'pending'""")
            .params(toSql(event.resolvedAt()), event.escrowId())
            .update();
        expectPayouts(event);
    }

    /** Records {@code sequence} as the escrow's last applied event; false when it was applied already. */
    private boolean advanced(String escrowId, long sequence) {
        return advance(escrowId, sequence, null);
    }

    /**
     * Applies {@code changes} (a SET list with its {@code parameters}, or null for none) to the escrow's row and
     * records {@code sequence} as its last applied event, in one statement; false, changing nothing, when the event
     * was applied already.
     */
    private boolean advance(String escrowId, long sequence, String changes, Object... parameters) {
        List<Object> all = new ArrayList<>(Arrays.asList(parameters));
        all.addAll(List.of(sequence, escrowId, sequence));
        return jdbc.sql("UPDATE analytics.escrows SET " + (changes == null ? "" : changes + ", ")
                        + "last_event_sequence = ? WHERE escrow_id = ? AND last_event_sequence < ?")
                   .params(all)
                   .update() == 1;
    }

    /** Applies {@code changes} (a SET list with its {@code parameters}) to the milestone's row. */
    private void updateMilestone(String escrowId, String milestoneId, String changes, Object... parameters) {
        List<Object> all = new ArrayList<>(Arrays.asList(parameters));
        all.addAll(Arrays.asList(escrowId, milestoneId));
        jdbc.sql("UPDATE analytics.milestones SET " + changes + " WHERE escrow_id = ? AND milestone_id = ?")
            .params(all)
            .update();
    }

    private static String role(ActorRole role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
