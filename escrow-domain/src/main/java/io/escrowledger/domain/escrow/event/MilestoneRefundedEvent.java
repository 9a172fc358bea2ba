package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.escrow.value.FeeSplit;
import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Held money of a milestone went back to the client: {@code amount} is the gross, {@code fee} what the platform kept of
 * it (zero when its fee was returned), the client gets the rest; {@code feeReturned} is the fee share the platform gave
 * up (zero when it kept it, or had none); {@code remainingAmount} is what the milestone still holds after it. Revision 2
 * added the fees and the remaining amount; a revision 1 event refunded the whole milestone without a fee, and reads so.
 */
@Revision("2")
public record MilestoneRefundedEvent(String escrowId,
                                     String milestoneId,
                                     Money amount,
                                     Instant refundedAt,
                                     Money fee,
                                     Money feeReturned,
                                     Money remainingAmount) implements EscrowEvent {

    public MilestoneRefundedEvent {
        fee = Money.orZero(fee, amount.currency());
        feeReturned = Money.orZero(feeReturned, amount.currency());
        remainingAmount = Money.orZero(remainingAmount, amount.currency());
    }

    /** The whole milestone refunded, without a fee. */
    public MilestoneRefundedEvent(String escrowId, String milestoneId, Money amount, Instant refundedAt) {
        this(escrowId, milestoneId, amount, refundedAt, null, null, null);
    }

    /** The client's gross, fee kept and net. */
    public FeeSplit client() {
        return FeeSplit.of(amount, fee);
    }
}
