package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.port.VaultFunding;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.FundingSource;
import io.escrowledger.domain.escrow.value.Payout;
import io.escrowledger.domain.escrow.value.PayoutBreakdown;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.money.Money;
import org.axonframework.modelling.command.AggregateLifecycle;

import java.time.Instant;
import java.util.List;

/**
 * Paying out what an escrow holds, for one command: an event per milestone released or refunded (or a dispute's
 * decision over everything held), each stating the gross, the platform's fee and the net; the vault's hold settled in
 * the same transaction for a vault-funded escrow (the fee to the platform), and the escrow closed once nothing is
 * held. Its events are applied to the escrow it acts for, whose event sourcing handlers
 * update the milestones read next.
 */
final class Payouts {

    /** Where released money goes when the escrow names no contractor; no contractor id can take this form. */
    static final String UNASSIGNED_MERCHANT = "~unassigned";

    private final String escrowId;
    private final String integratorId;
    private final FundingSource funding;
    private final Milestones milestones;
    private final VaultFunding vaults;

    /** @param funding the vault that holds the money, null when the integrator holds it elsewhere */
    Payouts(String escrowId, String integratorId, FundingSource funding, Milestones milestones, VaultFunding vaults) {
        this.escrowId = escrowId;
        this.integratorId = integratorId;
        this.funding = funding;
        this.milestones = milestones;
        this.vaults = vaults;
    }

    /** Releases each part to the contractor, less the platform's share of its milestone's fee. */
    void release(List<Milestones.Part> parts, Instant at) {
        Money net = milestones.zero();
        Money fees = milestones.zero();
        for (Milestones.Part part : parts) {
            Money gross = part.amount();
            Money fee = part.milestone().feeShare(gross);
            AggregateLifecycle.apply(new MilestoneReleasedEvent(escrowId, part.milestone().id(), gross, at, fee,
                    part.remainingAfter()));
            net = net.plus(gross.minus(fee));
            fees = fees.plus(fee);
        }
        settleVault(net, milestones.zero(), fees, at);
        closeIfNothingHeld(at);
    }

    /**
     * Refunds each part to the client. With {@code returnFee} the platform gives up its share of the fee and the
     * client gets the gross; otherwise the platform keeps it and the client gets the rest.
     */
    void refund(List<Milestones.Part> parts, boolean returnFee, Instant at) {
        Money net = milestones.zero();
        Money fees = milestones.zero();
        for (Milestones.Part part : parts) {
            Money gross = part.amount();
            Money share = part.milestone().feeShare(gross);
            Money kept = returnFee ? milestones.zero() : share;
            AggregateLifecycle.apply(new MilestoneRefundedEvent(escrowId, part.milestone().id(), gross, at, kept,
                    returnFee ? share : milestones.zero(), part.remainingAfter()));
            net = net.plus(gross.minus(kept));
            fees = fees.plus(kept);
        }
        settleVault(milestones.zero(), net, fees, at);
        closeIfNothingHeld(at);
    }

    /**
     * Pays out everything held by the ratio, which resolves the dispute and closes the escrow. The fee still due on
     * the held money is shared by the same ratio: the contractor's part is taken, the client's part returned.
     */
    PayoutBreakdown resolve(Dispute dispute, DisputeOutcome decision, Ratio ratio, String justification, Instant at) {
        DisputeResolvedEvent resolved = dispute.resolve(escrowId, decision, ratio, justification,
                milestones.heldTotal(), milestones.heldFeeRemaining(), at);
        Money releasedBefore = milestones.releasedTotal();
        Money refundedBefore = milestones.refundedTotal();
        AggregateLifecycle.apply(resolved);
        Payout payout = resolved.payout();
        settleVault(resolved.contractor().net(), payout.client(), resolved.contractorFee(), at);
        AggregateLifecycle.apply(new EscrowClosedEvent(escrowId, EscrowState.RESOLVED,
                releasedBefore.plus(payout.contractor()), refundedBefore.plus(payout.client()), at));
        return resolved.breakdown();
    }

    /** For a vault-funded escrow, the money leaving the escrow leaves the vault's hold in the same transaction. */
    private void settleVault(Money released, Money refunded, Money fee, Instant at) {
        if (funding != null) {
            vaults.settle(funding.vaultId(), integratorId, escrowId,
                    funding.contractorId() == null ? UNASSIGNED_MERCHANT : funding.contractorId(), released, refunded,
                    fee, at);
        }
    }

    private void closeIfNothingHeld(Instant at) {
        Money released = milestones.releasedTotal();
        Money refunded = milestones.refundedTotal();
        if (!released.plus(refunded).equals(milestones.total())) {
            return;
        }
        EscrowState outcome = refunded.isZero() ? EscrowState.RELEASED
                : released.isZero() ? EscrowState.REFUNDED
                : EscrowState.SETTLED;
        AggregateLifecycle.apply(new EscrowClosedEvent(escrowId, outcome, released, refunded, at));
    }
}
