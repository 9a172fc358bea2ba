package io.escrowledger.domain.escrow.policy;

import io.escrowledger.domain.escrow.value.ConditionType;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;

import java.time.Instant;
import java.util.Optional;

/** A time release: the money is released at {@code release_at}, or at the expiry when it names none. */
public record TimeReleasePolicy() implements ReleaseConditionPolicy {

    @Override
    public void requireValidTerms(ReleaseCondition condition, Instant now, Instant expiry) {
        if (condition.releasesAtExpiry()) {
            if (expiry == null) {
                throw new DomainException(ErrorCode.VALIDATION_FAILED,
                        "A time release without release_at releases at the expiry: the escrow needs one");
            }
            return;
        }
        if (!condition.releaseAt().isAfter(now)) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "A time release needs a release_at in the future");
        }
        if (expiry != null && !condition.releaseAt().isBefore(expiry)) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "The release time "
                    + condition.releaseAt() + " is not before the expiry " + expiry);
        }
    }

    /** The moment of its own a condition releases at, for which a deadline is kept; empty for none, or the expiry. */
    public static Optional<Instant> releaseTime(ReleaseCondition condition) {
        boolean ownTime = condition != null && condition.type() == ConditionType.TIME_RELEASE
                          && !condition.releasesAtExpiry();
        return ownTime ? Optional.of(condition.releaseAt()) : Optional.empty();
    }
}
