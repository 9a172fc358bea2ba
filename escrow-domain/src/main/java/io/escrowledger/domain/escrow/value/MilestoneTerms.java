package io.escrowledger.domain.escrow.value;

import io.escrowledger.domain.money.Money;

import java.time.Instant;
import java.util.Objects;

/**
 * One milestone as agreed at creation. The deadline is optional. So is the inspection period: when it names one, the
 * milestone is released that many hours after its first deliverable unless a dispute is opened first (null: no
 * automatic release). Added with EscrowCreatedEvent revision 6; earlier events read with it null.
 */
public record MilestoneTerms(String milestoneId, Money amount, Instant deadline, Integer inspectionPeriodHours) {

    public MilestoneTerms {
        Objects.requireNonNull(milestoneId, "milestoneId");
        Objects.requireNonNull(amount, "amount");
    }

    /** A milestone without an inspection period. */
    public MilestoneTerms(String milestoneId, Money amount, Instant deadline) {
        this(milestoneId, amount, deadline, null);
    }
}
