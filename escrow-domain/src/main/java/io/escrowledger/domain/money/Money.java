package io.escrowledger.domain.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An amount in integer minor units (cents for USD, millionths for USDC) of one currency.
 * Never negative, and never above {@link #MAX_MINOR_UNITS}, so sums of valid amounts cannot overflow a long and every
 * amount survives a round trip through a JavaScript client, whose numbers are exact only up to 2^53 - 1.
 */
public record Money(long minorUnits, String currency) {

    public static final long MAX_MINOR_UNITS = 9_007_199_254_740_991L;

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (!Currencies.isSupported(currency)) {
            throw new IllegalArgumentException("Unsupported currency: " + currency);
        }
        if (minorUnits < 0 || minorUnits > MAX_MINOR_UNITS) {
            throw new IllegalArgumentException("Amount out of range: " + minorUnits);
        }
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public static Money of(long minorUnits, String currency) {
        return new Money(minorUnits, currency);
    }

    /**
     * {@code amount}, or zero of {@code currency} when there is none: an optional amount left out by a caller, or a
     * field added to an event after older events were stored without it.
     */
    public static Money orZero(Money amount, String currency) {
        return amount == null ? zero(currency) : amount;
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(minorUnits, other.minorUnits), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(minorUnits, other.minorUnits), currency);
    }

    /**
     * This amount times {@code numerator / denominator}, rounded to the minor unit by {@code rounding}; computed
     * exactly (no intermediate overflow), for a fraction from 0 to 1.
     */
    public Money times(long numerator, long denominator, RoundingMode rounding) {
        if (numerator < 0 || denominator <= 0 || numerator > denominator) {
            throw new IllegalArgumentException("Not a fraction from 0 to 1: " + numerator + "/" + denominator);
        }
        long product = BigDecimal.valueOf(minorUnits).multiply(BigDecimal.valueOf(numerator))
                                 .divide(BigDecimal.valueOf(denominator), 0, rounding).longValueExact();
        return new Money(product, currency);
    }

    public boolean isGreaterThan(Money other) {
        requireSameCurrency(other);
        return minorUnits > other.minorUnits;
    }

    public boolean isZero() {
        return minorUnits == 0;
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("Currency mismatch: " + currency + " and " + other.currency);
        }
    }
}
