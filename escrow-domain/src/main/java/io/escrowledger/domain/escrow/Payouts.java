package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.port.VaultFunding;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.FundingSource;
import io.escrowledger.domain.escrow.value.MilestoneState;
import io.escrowledger.domain.escrow.value.Payout;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.money.Money;
import org.axonframework.modelling.command.AggregateLifecycle;

import java.time.Instant;
import java.util.List;

/**
 * Paying out what an escrow holds, for one command: an event per milestone released or refunded (or a dispute's
 * decision over everything held), the vault's hold settled in the same transaction for a vault-funded escrow, and the
 * escrow closed once nothing is held. Its events are applied to the escrow it acts for, whose event sourcing handlers
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

    void release(List<Milestones.Milestone> paid, Instant at) {
        paid.forEach(m -> AggregateLifecycle.apply(
                new MilestoneReleasedEvent(escrowId, m.id(), m.terms().amount(), at)));
        settleVault(milestones.sum(paid.stream()), milestones.zero(), at);
        closeIfNothingHeld(at);
    }

    void refund(List<Milestones.Milestone> paid, Instant at) {
        paid.forEach(m -> AggregateLifecycle.apply(
                new MilestoneRefundedEvent(escrowId, m.id(), m.terms().amount(), at)));
        settleVault(milestones.zero(), milestones.sum(paid.stream()), at);
        closeIfNothingHeld(at);
    }

    /** Pays out everything held by the ratio, which resolves the dispute and closes the escrow. */
    Payout resolve(Dispute dispute, DisputeOutcome decision, Ratio ratio, String justification, Instant at) {
        DisputeResolvedEvent resolved = dispute.resolve(escrowId, decision, ratio, justification,
                milestones.heldTotal(), at);
        AggregateLifecycle.apply(resolved);
        Payout payout = resolved.payout();
        settleVault(payout.contractor(), payout.client(), at);
        AggregateLifecycle.apply(new EscrowClosedEvent(escrowId, EscrowState.RESOLVED,
                milestones.total(MilestoneState.RELEASED).plus(payout.contractor()),
                milestones.total(MilestoneState.REFUNDED).plus(payout.client()), at));
        return payout;
    }

    /** For a vault-funded escrow, the money leaving the escrow leaves the vault's hold in the same transaction. */
    private void settleVault(Money released, Money refunded, Instant at) {
        if (funding != null) {
            vaults.settle(funding.vaultId(), integratorId, escrowId,
                    funding.contractorId() == null ? UNASSIGNED_MERCHANT : funding.contractorId(), released, refunded,
                    at);
        }
    }

    private void closeIfNothingHeld(Instant at) {
        Money released = milestones.total(MilestoneState.RELEASED);
        Money refunded = milestones.total(MilestoneState.REFUNDED);
        if (!released.plus(refunded).equals(milestones.total())) {
            return;
        }
        EscrowState outcome = refunded.isZero() ? EscrowState.RELEASED
                : released.isZero() ? EscrowState.REFUNDED
                : EscrowState.SETTLED;
        AggregateLifecycle.apply(new EscrowClosedEvent(escrowId, outcome, released, refunded, at));
    }
}
