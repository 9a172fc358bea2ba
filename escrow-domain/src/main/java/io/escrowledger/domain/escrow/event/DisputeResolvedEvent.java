package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.FeeSplit;
import io.escrowledger.domain.escrow.value.Payout;
import io.escrowledger.domain.escrow.value.PayoutBreakdown;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The decision: the held money is paid out, client plus contractor adding up to it exactly ({@code payout} holds the
 * gross of each). The platform's fee still due on the held money is shared by the same ratio: {@code contractorFee} is
 * taken from the contractor's share, {@code feeReturned} (the client's part of it) is given up, so the client's share
 * carries no fee. Revision 2 added both; a revision 1 event had no fee, and reads so.
 */
@Revision("2")
public record DisputeResolvedEvent(String escrowId,
                                   String disputeId,
                                   DisputeOutcome outcome,
                                   Ratio finalRatio,
                                   String justification,
                                   Money heldAmount,
                                   Payout payout,
                                   DisputeOutcome recommendedOutcome,
                                   Instant resolvedAt,
                                   Money contractorFee,
                                   Money feeReturned) implements EscrowEvent {

    public DisputeResolvedEvent {
        contractorFee = Money.orZero(contractorFee, heldAmount.currency());
        feeReturned = Money.orZero(feeReturned, heldAmount.currency());
    }

    /** A decision without a fee. */
    public DisputeResolvedEvent(String escrowId, String disputeId, DisputeOutcome outcome, Ratio finalRatio,
                                String justification, Money heldAmount, Payout payout,
                                DisputeOutcome recommendedOutcome, Instant resolvedAt) {
        this(escrowId, disputeId, outcome, finalRatio, justification, heldAmount, payout, recommendedOutcome,
                resolvedAt, null, null);
    }

    public PayoutBreakdown breakdown() {
        return new PayoutBreakdown(client(), contractor());
    }

    public FeeSplit contractor() {
        return FeeSplit.of(payout.contractor(), contractorFee);
    }

    public FeeSplit client() {
        return FeeSplit.of(payout.client(), Money.zero(heldAmount.currency()));
    }
}
