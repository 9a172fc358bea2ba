package io.escrowledger.domain.escrow.value;

import io.escrowledger.domain.money.Money;

import java.time.Instant;
import java.util.Objects;

/**
 * One milestone as agreed at creation. The deadline is optional. {@code platformFee} is the milestone's own fee terms
 * (null: the escrow's apply); {@code fee} is the platform's whole fee on this milestone as worked out at creation
 * (PlatformFeePolicy), zero for none: milestones stored before fees existed read with zero, which is what they meant.
 * The inspection period is optional too: when it names one, the milestone is released that many hours after its first
 * deliverable unless a dispute is opened first (null: no automatic release); earlier events read with it null.
 */
public record MilestoneTerms(String milestoneId, Money amount, Instant deadline, PlatformFee platformFee, Money fee,
                             Integer inspectionPeriodHours) {

    public MilestoneTerms {
        Objects.requireNonNull(milestoneId, "milestoneId");
        Objects.requireNonNull(amount, "amount");
        if (fee == null) {
            fee = Money.zero(amount.currency());
        }
    }

    /** A milestone without a fee of its own or an inspection period. */
    public MilestoneTerms(String milestoneId, Money amount, Instant deadline) {
        this(milestoneId, amount, deadline, null, null, null);
    }

    /** A milestone with fee terms of its own, without an inspection period. */
    public MilestoneTerms(String milestoneId, Money amount, Instant deadline, PlatformFee platformFee, Money fee) {
        this(milestoneId, amount, deadline, platformFee, fee, null);
    }

    /** A milestone with an inspection period, without a fee of its own. */
    public MilestoneTerms(String milestoneId, Money amount, Instant deadline, Integer inspectionPeriodHours) {
        this(milestoneId, amount, deadline, null, null, inspectionPeriodHours);
    }

    /** The same terms with the platform's fee on this milestone worked out. */
    public MilestoneTerms withFee(Money resolvedFee) {
        return new MilestoneTerms(milestoneId, amount, deadline, platformFee, resolvedFee, inspectionPeriodHours);
    }
}
