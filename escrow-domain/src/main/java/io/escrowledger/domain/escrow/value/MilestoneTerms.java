package io.escrowledger.domain.escrow.value;

import io.escrowledger.domain.money.Money;

import java.time.Instant;
import java.util.Objects;

/** One milestone as agreed at creation. The deadline is optional. */
public record MilestoneTerms(String milestoneId, Money amount, Instant deadline) {

    public MilestoneTerms {
        Objects.requireNonNull(milestoneId, "milestoneId");
        Objects.requireNonNull(amount, "amount");
    }
}
