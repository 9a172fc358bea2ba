package io.escrowledger.domain.escrow.value;

import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;

/**
 * The platform's fee as agreed at creation, for an escrow or one milestone: either a fixed amount, or basis points of
 * the amount it applies to (1 basis point = 0.01%) rounded to the minor unit by {@code rounding}. Exactly one of
 * {@code fixedAmount} and {@code basisPoints} is set; {@code rounding} is set with basis points only.
 */
public record PlatformFee(Money fixedAmount, Integer basisPoints, FeeRounding rounding) {

    public static final int MAX_BASIS_POINTS = 10_000;

    public PlatformFee {
        if ((fixedAmount == null) == (basisPoints == null)) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "A platform fee is either a fixed amount or basis points, not both or neither");
        }
        // A fee of nothing is no fee: the terms are left out instead.
        if (basisPoints != null && (basisPoints < 1 || basisPoints > MAX_BASIS_POINTS)) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "A platform fee's basis points are 1 to " + MAX_BASIS_POINTS + ", not " + basisPoints);
        }
        if (fixedAmount != null && fixedAmount.isZero()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "A fixed platform fee is more than 0");
        }
        if (basisPoints != null && rounding == null) {
            rounding = FeeRounding.HALF_UP;
        }
        if (fixedAmount != null) {
            rounding = null;
        }
    }

    public static PlatformFee fixed(Money amount) {
        return new PlatformFee(amount, null, null);
    }

    public static PlatformFee basisPoints(int basisPoints, FeeRounding rounding) {
        return new PlatformFee(null, basisPoints, rounding);
    }

    /** The whole fee on {@code gross}: the fixed amount, or the basis points of it, rounded by the rule. */
    public Money on(Money gross) {
        if (fixedAmount != null) {
            if (!fixedAmount.currency().equals(gross.currency())) {
                throw new DomainException(ErrorCode.VALIDATION_FAILED,
                        "A fixed platform fee must be in " + gross.currency() + ", not " + fixedAmount.currency());
            }
            return fixedAmount;
        }
        return gross.times(basisPoints, MAX_BASIS_POINTS, rounding.mode());
    }
}
