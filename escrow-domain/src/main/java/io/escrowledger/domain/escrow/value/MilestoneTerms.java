package io.escrowledger.domain.escrow.value;

import io.escrowledger.domain.money.Money;

import java.time.Instant;
import java.util.Objects;

/**
 * One milestone as agreed at creation. The deadline is optional. {@code platformFee} is the milestone's own fee terms
 * (null: the escrow's apply); {@code fee} is the platform's whole fee on this milestone as worked out at creation
 * (PlatformFeePolicy), zero for none: milestones stored before fees existed read with zero, which is what they meant.
 */
public record MilestoneTerms(String milestoneId, Money amount, Instant deadline, PlatformFee platformFee, Money fee) {

    public MilestoneTerms {
        Objects.requireNonNull(milestoneId, "milestoneId");
        Objects.requireNonNull(amount, "amount");
        if (fee == null) {
            fee = Money.zero(amount.currency());
        }
    }

    /** A milestone without a fee of its own. */
    public MilestoneTerms(String milestoneId, Money amount, Instant deadline) {
        this(milestoneId, amount, deadline, null, null);
    }

    /** The same terms with the platform's fee on this milestone worked out. */
    public MilestoneTerms withFee(Money resolvedFee) {
        return new MilestoneTerms(milestoneId, amount, deadline, platformFee, resolvedFee);
    }
}
