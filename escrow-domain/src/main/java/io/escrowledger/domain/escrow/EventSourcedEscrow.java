package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.event.*;
import io.escrowledger.domain.escrow.value.ConditionType;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.FundingSource;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;

import java.time.Instant;

/**
 * An escrow's state as its events build it, and the checks its commands make against that state: the half of the
 * aggregate that evolves, {@link Escrow} being the half that decides (the decider's split of evolve and decide). Only
 * the event sourcing handlers change it. The dispute, the release condition, the expiry, the funding payment, the
 * payouts' ledger and the metadata are entities of their own, each changed by its own event sourcing handlers.
 */
abstract class EventSourcedEscrow {

    // Fields and checks are package-private: the escrow's command and deadline handlers read them; only the event
    // sourcing handlers below change them.
    @AggregateIdentifier
    String escrowId;
    String integratorId;
    Money totalAmount;
    EscrowState state;
    Milestones milestones;
    /** The escrow's dispute, once one is opened (there is at most one: a decision closes the escrow). */
    @AggregateMember
    Dispute dispute;
    /** The vault the money is held in, for a vault-funded escrow; null when the integrator holds it elsewhere. */
    FundingSource funding;
    /** What releases the money besides the integrator's own call, and how far it has come; null for nothing. */
    @AggregateMember
    ConditionProgress condition;
    /** When what is still held goes back to the client, and whether that was recorded. */
    @AggregateMember
    Expiry expiry;
    /** The integrator's payment that funds the escrow, unless a vault does: held, failed or reversed. */
    @AggregateMember
    FundingPayment payment = new FundingPayment();
    /** What releases, refunds and decisions paid each party, and the transfers the integrator recorded for them. */
    @AggregateMember
    PayoutLedger payoutLedger = new PayoutLedger();
    /** The integrator's key/value pairs on the escrow, its milestones and its dispute. */
    @AggregateMember
    EscrowMetadata metadata = new EscrowMetadata();

    String openDisputeId() {
        return state == EscrowState.DISPUTED ? dispute.disputeId() : null;
    }

    void requireOwner(String callerIntegratorId) {
        // Another integrator's escrow does not exist as far as the caller is concerned: never reveal it with a 403.
        if (!integratorId.equals(callerIntegratorId)) {
            throw new DomainException(ErrorCode.ESCROW_NOT_FOUND, "No escrow " + escrowId);
        }
    }

    void requireNotExpired(Instant at) {
        expiry.requireNotPassed(escrowId, state, at);
    }

    /** A condition can release only unexpired money that is held and not under dispute. */
    void requireReleasable(Instant at, String action) {
        requireNotExpired(at);
        requireActive(action);
        requireNotFrozen(action);
    }

    void requireNotFrozen(String action) {
        payment.requireNotFrozen(escrowId, action);
    }

    /** Payment declarations are the integrator's payment system speaking; a vault-funded escrow has none. */
    void requireDeclarable(String action) {
        if (funding != null) {
            throw invalidTransition(action + " on a vault-funded escrow: the vault holds its money");
        }
    }

    /** Money is held and no dispute is open: deliverables, releases, refunds and condition steps are accepted. */
    void requireActive(String action) {
        if (!state.isActive()) {
            throw invalidTransition(action + " on an escrow in state " + state
                    + (state == EscrowState.DISPUTED ? ": a dispute is open" : ""));
        }
    }

    ConditionProgress requireCondition(ConditionType type) {
        return ConditionProgress.require(condition, escrowId, type);
    }

    Dispute dispute(String callerIntegratorId, String disputeId) {
        return Dispute.require(integratorId.equals(callerIntegratorId) ? dispute : null, disputeId);
    }

    static DomainException invalidTransition(String attempted) {
        return new DomainException(ErrorCode.INVALID_STATE_TRANSITION, "Cannot " + attempted);
    }

    @EventSourcingHandler
    void on(EscrowCreatedEvent event) {
        escrowId = event.escrowId();
        integratorId = event.integratorId();
        totalAmount = event.totalAmount();
        state = EscrowState.CREATED;
        condition = event.releaseCondition() == null ? null : new ConditionProgress(event.releaseCondition());
        expiry = new Expiry(event.expiresAt());
        milestones = new Milestones(totalAmount.currency(), event.milestones());
    }

    @EventSourcingHandler
    void on(EscrowExpiredEvent event) {
        if (state == EscrowState.CREATED) {
            state = EscrowState.EXPIRED;
        }
    }

    @EventSourcingHandler
    void on(MilestoneOverdueEvent event) {
        milestones.markOverdue(event.milestoneId());
    }

    @EventSourcingHandler
    void on(FundsHeldEvent event) {
        state = EscrowState.FUNDED;
        milestones.fundAll();
    }

    @EventSourcingHandler
    void on(EscrowFundedFromVaultEvent event) {
        funding = new FundingSource(event.vaultId(), event.clientId(), event.contractorId());
        state = EscrowState.FUNDED;
        milestones.fundAll();
    }

    @EventSourcingHandler
    void on(EscrowCancelledEvent event) {
        state = EscrowState.CANCELLED;
    }

    @EventSourcingHandler
    void on(DeliverableSubmittedEvent event) {
        milestones.deliver(event.milestoneId(), event.submittedAt());
        state = EscrowState.DELIVERED;
    }

    @EventSourcingHandler
    void on(MilestoneReleasedEvent event) {
        milestones.payOut(event.milestoneId(), event.amount(), true);
        expectPayouts(event);
    }

    @EventSourcingHandler
    void on(MilestoneRefundedEvent event) {
        milestones.payOut(event.milestoneId(), event.amount(), false);
        expectPayouts(event);
    }

    /** The integrator transfers what the escrow paid out, unless a vault holds the money: its ledger moves it. */
    private void expectPayouts(EscrowEvent event) {
        if (funding == null) {
            payoutLedger.expect(escrowId, event);
        }
    }

    @EventSourcingHandler
    void on(EscrowClosedEvent event) {
        state = event.outcome();
    }

    @EventSourcingHandler
    void on(DisputeOpenedEvent event) {
        dispute = new Dispute(event);
        state = EscrowState.DISPUTED;
    }

    @EventSourcingHandler
    void on(DisputeResolvedEvent event) {
        milestones.resolveHeld();
        expectPayouts(event);
    }
}
