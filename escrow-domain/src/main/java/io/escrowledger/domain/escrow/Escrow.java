package io.escrowledger.domain.escrow;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.escrowledger.domain.escrow.command.*;
import io.escrowledger.domain.escrow.event.*;
import io.escrowledger.domain.escrow.policy.CancellationPolicy;
import io.escrowledger.domain.escrow.policy.EscrowCreationPolicy;
import io.escrowledger.domain.escrow.policy.PlatformFeePolicy;
import io.escrowledger.domain.escrow.port.ExternalIdRegistry;
import io.escrowledger.domain.escrow.port.VaultFunding;
import io.escrowledger.domain.escrow.recommendation.Recommendation;
import io.escrowledger.domain.escrow.value.*;
import io.escrowledger.domain.shared.Metadata;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One escrow and its milestones. Command handlers check the rules, then apply events; only the event sourcing handlers
 * change state (its state and their handlers are {@link EventSourcedEscrow}'s). Time and ids arrive with the commands; time-triggered work (expiry, a time release, milestone
 * deadlines) arrives as deadlines that carry the moment they were due. The rules of creation are
 * {@link EscrowCreationPolicy}'s, those of each type of release condition its policy's (package {@code policy}), and
 * those of a dispute's steps the {@link Dispute}'s; the funding payment's references are the {@link FundingPayment}'s,
 * the payouts' transfers the {@link PayoutLedger}'s.
 */
// The revision of its snapshots: raise it when the fields change, and older snapshots are ignored.
@Revision("11")
public class Escrow extends EventSourcedEscrow {

    protected Escrow() {
        // Required by Axon to rebuild the aggregate from its events.
    }

    @CommandHandler
    @JsonCreator(mode = JsonCreator.Mode.DISABLED) // snapshots are read through the no-argument constructor
    public Escrow(CreateEscrowCommand command, ExternalIdRegistry externalIds, VaultFunding vaults,
                  DeadlineManager deadlines) {
        Instant expiry = EscrowCreationPolicy.requireValid(command, externalIds);
        List<MilestoneTerms> terms = PlatformFeePolicy.withFees(command.totalAmount(), command.platformFee(),
                command.milestones());
        apply(new EscrowCreatedEvent(command.escrowId(), command.integratorId(), command.externalId(),
                command.totalAmount(), terms, command.releaseCondition(), expiry, command.requestedAt(),
                command.platformFee(), command.testClockId(), Metadata.initial("metadata", command.metadata()),
                EscrowMetadata.initialOfMilestones(command)));
        FundingSource source = command.funding();
        if (source != null) {
            vaults.hold(source.vaultId(), command.integratorId(), command.escrowId(), command.totalAmount(),
                    command.requestedAt());
            apply(new EscrowFundedFromVaultEvent(command.escrowId(), source.vaultId(), source.clientId(),
                    source.contractorId(), command.totalAmount(), command.requestedAt()));
        }
        EscrowDeadlines.schedule(deadlines, expiry, command.releaseCondition(), command.milestones());
    }

    /** @return the escrow's state after the declaration; declaring the same reference again changes nothing */
    @CommandHandler
    public EscrowState handle(DeclareFundsHeldCommand command, VaultFunding vaults) {
        requireOwner(command.integratorId());
        if (payment.isHeldAs(command.externalPaymentRef())) {
            return state;
        }
        requireNotExpired(command.requestedAt());
        if (state != EscrowState.CREATED) {
            throw invalidTransition("declare funds held on an escrow in state " + state);
        }
        apply(new FundsHeldEvent(escrowId, command.externalPaymentRef(), totalAmount, command.declaredAt(),
                command.requestedAt()));
        if (condition != null && condition.met()) {
            // The release time passed before the money arrived: it is released as soon as it is held.
            payouts(vaults).release(milestones.allHeld(), command.requestedAt());
        }
        return state;
    }

    /**
     * A payment that failed before funding leaves the escrow unfunded, with the reason; the same reference declared
     * failed again changes nothing, and a later FUNDS_HELD (retried or with another reference) still funds it.
     */
    @CommandHandler
    public EscrowState handle(DeclarePaymentFailedCommand command) {
        requireOwner(command.integratorId());
        requireDeclarable("declare a payment failed");
        if (state != EscrowState.CREATED) {
            throw invalidTransition("declare a payment failed on an escrow in state " + state
                    + (payment.isHeld() ? ": the funds were declared held; a reversal is FUNDS_REVERSED" : ""));
        }
        payment.fail(escrowId, command).ifPresent(AggregateLifecycle::apply);
        return state;
    }

    /**
     * A chargeback of the payment that funded the escrow freezes it: releases are refused from now on, while a refund,
     * a dispute and its decision still pay out what is held. Declaring it again changes nothing.
     */
    @CommandHandler
    public EscrowState handle(DeclareFundsReversedCommand command) {
        requireOwner(command.integratorId());
        requireDeclarable("declare the funds reversed");
        if (!payment.reversesAnew(command, state)) {
            return state;
        }
        if (state.isClosed()) {
            throw invalidTransition("declare the funds reversed on an escrow in state " + state
                    + ": nothing is held any more");
        }
        apply(new FundsReversedEvent(escrowId, command.externalPaymentRef(), command.reason(),
                milestones.heldTotal(), openDisputeId(), command.declaredAt(), command.requestedAt()));
        return state;
    }

    /** Calls off an escrow that never held money; cancelling a cancelled escrow again changes nothing. */
    @CommandHandler
    public void handle(CancelEscrowCommand command) {
        requireOwner(command.integratorId());
        if (CancellationPolicy.cancels(state)) {
            apply(new EscrowCancelledEvent(escrowId, command.reason(), command.requestedAt()));
        }
    }

    /** The first deliverable of a milestone with an inspection period starts it; later ones do not restart it. */
    @CommandHandler
    public void handle(SubmitDeliverableCommand command, DeadlineManager deadlines) {
        requireOwner(command.integratorId());
        Milestones.Milestone milestone = milestones.require(escrowId, command.milestoneId());
        if (!state.isActive() || !milestone.state().isHeld()) {
            throw invalidTransition("submit a deliverable for milestone " + milestone.id() + " (escrow " + state
                    + ", milestone " + milestone.state() + ")");
        }
        apply(new DeliverableSubmittedEvent(escrowId, milestone.id(), command.reference(), command.requestedAt()));
        if (milestone.firstDeliveredAt() == null) {
            EscrowDeadlines.scheduleInspection(deadlines, milestone.terms(), command.requestedAt());
        }
    }

    /** The integrator may release whatever the release condition says: the condition is a way to release, not a lock. */
    @CommandHandler
    public void handle(ReleaseFundsCommand command, VaultFunding vaults) {
        requireOwner(command.integratorId());
        requireNotExpired(command.requestedAt());
        requireActive("release");
        requireNotFrozen("release");
        payouts(vaults).release(milestones.toPayOut(escrowId, command.milestoneId(), command.amount(), "release"),
                command.requestedAt());
    }

    /**
     * A refund during an open dispute concedes it to the client: no evidence is needed for that, so the dispute is
     * resolved as a full refund of what is held (one milestone alone cannot be refunded then).
     */
    @CommandHandler
    public void handle(RefundFundsCommand command, VaultFunding vaults) {
        requireOwner(command.integratorId());
        if (state == EscrowState.DISPUTED) {
            if (command.milestoneId() != null || command.amount() != null) {
                throw invalidTransition("refund " + (command.milestoneId() == null ? "part of what is held"
                        : "milestone " + command.milestoneId() + " alone") + " while dispute " + dispute.disputeId()
                        + " is open: refund everything held, or wait for the decision");
            }
            payouts(vaults).resolve(dispute, DisputeOutcome.REFUND, Ratio.ALL_TO_CLIENT,
                    "Refunded in full by the integrator while the dispute was open", command.requestedAt());
            return;
        }
        requireActive("refund");
        payouts(vaults).refund(milestones.toPayOut(escrowId, command.milestoneId(), command.amount(), "refund"),
                command.returnFee(), command.requestedAt());
    }

    @CommandHandler
    public void handle(ApproveReleaseCommand command, VaultFunding vaults) {
        requireOwner(command.integratorId());
        Optional<ReleaseApprovedEvent> approval = requireCondition(ConditionType.MULTI_SIG_APPROVAL)
                .approve(escrowId, command);
        if (approval.isEmpty()) {
            return;
        }
        requireReleasable(command.requestedAt(), "approve the release");
        apply(approval.get());
        if (condition.enoughApprovals()) {
            meetCondition(vaults, command.requestedAt());
        }
    }

    @CommandHandler
    public void handle(ReportOracleOutcomeCommand command, VaultFunding vaults) {
        requireOwner(command.integratorId());
        Optional<OracleReportedEvent> report = requireCondition(ConditionType.ORACLE_CONFIRMATION)
                .report(escrowId, command);
        if (report.isEmpty()) {
            return;
        }
        boolean confirmed = command.outcome() == OracleOutcome.CONFIRMED;
        if (confirmed) {
            requireReleasable(command.requestedAt(), "confirm the release");
        } else {
            requireActive("reject the release");
        }
        apply(report.get());
        if (confirmed) {
            meetCondition(vaults, command.requestedAt());
        } else {
            // Nothing was delivered as agreed: the platform returns its fee.
            payouts(vaults).refund(milestones.allHeld(), true, command.requestedAt());
        }
    }

    @CommandHandler
    public void handle(ConfirmDeliveryCommand command, VaultFunding vaults) {
        requireOwner(command.integratorId());
        if (requireCondition(ConditionType.DELIVERY_CONFIRMATION).met()) {
            return;
        }
        requireReleasable(command.requestedAt(), "confirm delivery");
        apply(new DeliveryConfirmedEvent(escrowId, command.confirmedBy(), command.requestedAt()));
        meetCondition(vaults, command.requestedAt());
    }

    /** @return the opened dispute's id */
    @CommandHandler
    public String handle(OpenDisputeCommand command, DeadlineManager deadlines) {
        requireOwner(command.integratorId());
        requireNotExpired(command.requestedAt());
        if (!state.isActive()) {
            throw invalidTransition("open a dispute on an escrow in state " + state
                    + (state == EscrowState.DISPUTED ? ": a dispute is already open" : ": no money is held"));
        }
        apply(new DisputeOpenedEvent(escrowId, command.disputeId(), command.reason(), command.statement(),
                command.openedBy(), milestones.heldTotal(), command.requestedAt(), command.evidenceDueBy(),
                Metadata.initial("metadata", command.metadata())));
        EscrowDeadlines.scheduleEvidenceDue(deadlines, command.disputeId(), command.evidenceDueBy());
        return command.disputeId();
    }

    @CommandHandler
    public void handle(SubmitEvidenceCommand command) {
        apply(dispute(command.integratorId(), command.disputeId()).submitEvidence(escrowId, command));
    }

    @CommandHandler
    public void handle(LockEvidenceCommand command) {
        apply(dispute(command.integratorId(), command.disputeId()).lock(escrowId, command.requestedAt()));
    }

    /** The first call computes and records the recommendation; every later call answers the recorded one. */
    @CommandHandler
    public Recommendation handle(IssueRecommendationCommand command) {
        Dispute current = dispute(command.integratorId(), command.disputeId());
        if (current.awaitsRecommendation()) {
            apply(current.recommend(escrowId, milestones.heldTotal(), milestones.heldFacts(), command.requestedAt()));
        }
        return dispute.recommendation();
    }

    @CommandHandler
    public PayoutBreakdown handle(DecideDisputeCommand command, VaultFunding vaults) {
        Ratio ratio = dispute(command.integratorId(), command.disputeId()).decisionRatio(command);
        return payouts(vaults).resolve(dispute, command.decision(), ratio, command.justification(),
                command.requestedAt());
    }

    /** Records a transfer the integrator executed for a payout; the same reference with the same figures again changes nothing. */
    @CommandHandler
    public void handle(RecordPayoutTransferCommand command) {
        requireOwner(command.integratorId());
        payoutLedger.record(escrowId, command).ifPresent(AggregateLifecycle::apply);
    }

    /** Flags a payout still unreconciled, once; a payout reconciled (or over-paid) meanwhile is left alone. */
    @CommandHandler
    public void handle(FlagUnreconciledPayoutCommand command) {
        payoutLedger.flag(escrowId, command.payoutId(), command.requestedAt()).ifPresent(AggregateLifecycle::apply);
    }

    /** Metadata may change whatever the escrow's state; a change that changes nothing records nothing. */
    @CommandHandler
    public void handle(UpdateEscrowMetadataCommand command) {
        requireOwner(command.integratorId());
        metadata.update(command, milestones).ifPresent(AggregateLifecycle::apply);
    }

    @CommandHandler
    public void handle(UpdateDisputeMetadataCommand command) {
        dispute(command.integratorId(), command.disputeId());
        metadata.update(command).ifPresent(AggregateLifecycle::apply);
    }

    @DeadlineHandler(deadlineName = EscrowDeadlines.TIME_RELEASE)
    void releaseTimeReached(EscrowDeadlines.ReleaseDue due, VaultFunding vaults) {
        if (!condition.met() && !expiry.isRecorded() && !state.isClosed()) {
            meetCondition(vaults, due.releaseAt());
        }
    }

    /**
     * At expiry what is still held goes back to the client, unless a dispute is open: its decision pays the held money
     * out instead. A time release without a release time releases it instead: that is its release time. The deadline
     * can fire twice (a node stopping between the two commits), hence the guard.
     */
    @DeadlineHandler(deadlineName = EscrowDeadlines.EXPIRY)
    void expiryReached(EscrowDeadlines.ExpiryDue due, VaultFunding vaults) {
        if (expiry.isRecorded() || state.isClosed()) {
            return;
        }
        if (condition != null && condition.terms().releasesAtExpiry() && state.isActive() && !payment.isReversed()) {
            meetCondition(vaults, due.expiresAt());
            return;
        }
        apply(new EscrowExpiredEvent(escrowId, milestones.heldTotal(), openDisputeId(), due.expiresAt()));
        if (state.isActive()) {
            payouts(vaults).refund(milestones.allHeld(), true, due.expiresAt());
        }
    }

    @DeadlineHandler(deadlineName = EscrowDeadlines.MILESTONE_DEADLINE)
    void milestoneDeadlineReached(EscrowDeadlines.MilestoneDue due) {
        if (milestones.fallsOverdue(due.milestoneId()) && !state.isClosed()) {
            apply(new MilestoneOverdueEvent(escrowId, due.milestoneId(), due.deadline()));
        }
    }

    @DeadlineHandler(deadlineName = EscrowDeadlines.EVIDENCE_DUE)
    void evidenceDue(EscrowDeadlines.EvidenceDue due) {
        if (dispute != null) {
            dispute.lockAtDeadline(escrowId, due).ifPresent(AggregateLifecycle::apply);
        }
    }

    /**
     * A delivered milestone is released when its inspection period ends, unless a dispute is open (its decision pays
     * out instead), the milestone was already paid out, the escrow expired by then (the expiry refunds it), or its
     * funding payment was reversed (a frozen escrow releases nothing).
     */
    @DeadlineHandler(deadlineName = EscrowDeadlines.INSPECTION_PERIOD)
    void inspectionPeriodEnded(EscrowDeadlines.InspectionDue due, VaultFunding vaults) {
        Milestones.Milestone milestone = milestones.require(escrowId, due.milestoneId());
        if (!state.isActive() || expiry.passedBy(due.endsAt()) || payment.isReversed()
            || milestone.state() != MilestoneState.DELIVERED) {
            return;
        }
        apply(new InspectionPeriodElapsedEvent(escrowId, milestone.id(), due.inspectionPeriodHours(),
                due.deliveredAt(), due.endsAt()));
        payouts(vaults).release(List.of(new Milestones.Part(milestone, milestone.remaining())), due.endsAt());
    }

    /** Records that the condition is met, and releases what is held unless a dispute is open or nothing is held yet. */
    private void meetCondition(VaultFunding vaults, Instant at) {
        apply(condition.meet(escrowId, at));
        if (state.isActive() && !payment.isReversed()) {
            payouts(vaults).release(milestones.allHeld(), at);
        }
    }

    private Payouts payouts(VaultFunding vaults) {
        return new Payouts(escrowId, integratorId, funding, milestones, vaults);
    }
}
