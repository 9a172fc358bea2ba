package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.ExpectedPayout;
import io.escrowledger.domain.escrow.value.PayoutKind;
import io.escrowledger.domain.money.Money;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The payouts an event asks the integrator to make, one per party paid, and their ids. The one rule the aggregate and
 * the read model both follow, so that they number the same payouts the same way: the n-th payout of escrow
 * {@code esc_<uuid>} is {@code po_<uuid>_<n>}, counted from 1 in the order the events paid them (a decision's client
 * share before its contractor share; a share of zero is no payout). Each is the net the party receives: the gross
 * less the platform's fee taken from it. Only escrows whose money the integrator holds
 * have payouts: a vault-funded escrow's money moves in the vault's ledger, which is its own record.
 */
public final class ExpectedPayouts {

    private static final Pattern PAYOUT_ID = Pattern.compile("po_([0-9a-f-]{36})_([1-9][0-9]{0,5})");

    private ExpectedPayouts() {
    }

    /** What the event pays to each party; empty for an event that pays nothing. */
    public static List<ExpectedPayout> of(EscrowEvent event) {
        List<ExpectedPayout> payouts = new ArrayList<>();
        if (event instanceof MilestoneReleasedEvent released) {
            owed(payouts, ActorRole.CONTRACTOR, released.contractor().net(), PayoutKind.RELEASE,
                    released.milestoneId(), null, released.releasedAt());
        } else if (event instanceof MilestoneRefundedEvent refunded) {
            owed(payouts, ActorRole.CLIENT, refunded.client().net(), PayoutKind.REFUND, refunded.milestoneId(), null,
                    refunded.refundedAt());
        } else if (event instanceof DisputeResolvedEvent resolved) {
            owed(payouts, ActorRole.CLIENT, resolved.client().net(), PayoutKind.DECISION, null, resolved.disputeId(),
                    resolved.resolvedAt());
            owed(payouts, ActorRole.CONTRACTOR, resolved.contractor().net(), PayoutKind.DECISION, null,
                    resolved.disputeId(), resolved.resolvedAt());
        }
        return payouts;
    }

    /** A party is owed the net of its share (the platform's fee stays with the platform); nothing owed is no payout. */
    private static void owed(List<ExpectedPayout> payouts, ActorRole party, Money net, PayoutKind kind,
                             String milestoneId, String disputeId, Instant at) {
        if (!net.isZero()) {
            payouts.add(new ExpectedPayout(party, net, kind, milestoneId, disputeId, at));
        }
    }

    /** The id of the escrow's {@code position}-th payout, counted from 1. */
    public static String id(String escrowId, int position) {
        return "po_" + escrowId.substring(escrowId.indexOf('_') + 1) + "_" + position;
    }

    public static boolean isWellFormed(String payoutId) {
        return payoutId != null && PAYOUT_ID.matcher(payoutId).matches();
    }

    /** The escrow a well-formed payout id belongs to. */
    public static String escrowIdOf(String payoutId) {
        return "esc_" + match(payoutId).group(1);
    }

    /** Where a well-formed payout id stands among its escrow's payouts, from 1. */
    public static int positionOf(String payoutId) {
        return Integer.parseInt(match(payoutId).group(2));
    }

    private static Matcher match(String payoutId) {
        Matcher matcher = PAYOUT_ID.matcher(payoutId);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a payout id: " + payoutId);
        }
        return matcher;
    }
}
