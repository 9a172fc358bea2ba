package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.escrow.value.FeeSplit;
import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Held money of a milestone went to the contractor: {@code amount} is the gross, {@code fee} the platform's share of
 * it, the contractor gets the rest; {@code remainingAmount} is what the milestone still holds after it (zero once it is
 * paid out). Revision 2 added the fee and the remaining amount; a revision 1 event released the whole milestone
 * without a fee, and reads so.
 */
@Revision("2")
public record MilestoneReleasedEvent(String escrowId,
                                     String milestoneId,
                                     Money amount,
                                     Instant releasedAt,
                                     Money fee,
                                     Money remainingAmount) implements EscrowEvent {

    public MilestoneReleasedEvent {
        fee = Money.orZero(fee, amount.currency());
        remainingAmount = Money.orZero(remainingAmount, amount.currency());
    }

    /** The whole milestone released, without a fee. */
    public MilestoneReleasedEvent(String escrowId, String milestoneId, Money amount, Instant releasedAt) {
        this(escrowId, milestoneId, amount, releasedAt, null, null);
    }

    /** The contractor's gross, fee and net. */
    public FeeSplit contractor() {
        return FeeSplit.of(amount, fee);
    }
}
