package io.escrowledger.domain.escrow.policy;

import io.escrowledger.domain.escrow.value.ReleaseCondition;

import java.time.Instant;

/** A delivery confirmation: the money is released when the delivery is confirmed, which is the condition itself. */
public record DeliveryConfirmationPolicy() implements ReleaseConditionPolicy {

    @Override
    public void requireValidTerms(ReleaseCondition condition, Instant now, Instant expiry) {
        // Nothing to check: the confirmation itself is the condition.
    }
}
