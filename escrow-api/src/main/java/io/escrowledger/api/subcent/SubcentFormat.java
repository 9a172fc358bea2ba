package io.escrowledger.api.subcent;

import io.escrowledger.domain.escrow.EscrowState;
import io.escrowledger.domain.money.Currencies;
import io.escrowledger.domain.money.Money;
import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.ApiException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.regex.Pattern;

/** How the /subcent API writes amounts, times and statuses (docs/subcent-compatibility.md). */
final class SubcentFormat {

    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,20}(\\.[0-9]{1,20})?");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                                                                   .withZone(ZoneOffset.UTC);

    private SubcentFormat() {
    }

    /**
     * "500.00" in the currency's minor units, exactly. More decimals than the currency has, zero, or more than the
     * largest amount is a {@code policy_violation}, as the seed answers an amount it does not accept.
     */
    static Money amount(String decimal, String currency) {
        if (decimal == null || !DECIMAL.matcher(decimal).matches()) {
            throw new ApiException(ApiError.POLICY_VIOLATION,
                    "amount must be a decimal string such as \"500.00\"");
        }
        int digits = Currencies.minorUnitDigits(currency);
        BigDecimal value = new BigDecimal(decimal);
        if (value.stripTrailingZeros().scale() > digits) {
            throw new ApiException(ApiError.POLICY_VIOLATION,
                    currency + " has " + digits + " decimal places; " + decimal + " has more");
        }
        BigDecimal minor = value.movePointRight(digits);
        if (minor.signum() <= 0 || minor.compareTo(BigDecimal.valueOf(Money.MAX_MINOR_UNITS)) > 0) {
            throw new ApiException(ApiError.POLICY_VIOLATION, "Amount must be greater than 0 and at most "
                    + BigDecimal.valueOf(Money.MAX_MINOR_UNITS, digits).toPlainString());
        }
        return Money.of(minor.longValueExact(), currency);
    }

    /** The document's form: at least two decimals ("500.00"), more only when the amount has them ("0.000001"). */
    static String amount(long minorUnits, String currency) {
        int digits = Currencies.minorUnitDigits(currency);
        BigDecimal value = BigDecimal.valueOf(minorUnits, digits).stripTrailingZeros();
        int shown = Math.max(Math.min(2, digits), value.scale());
        return value.setScale(shown, RoundingMode.UNNECESSARY).toPlainString();
    }

    /** "2025-01-18T10:30:00.000Z": always milliseconds, always UTC. */
    static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }

    /**
     * The document's four statuses. An escrow that ended with money for the merchant (all or part, by release or
     * decision) is {@code released}; one that ended with all of it back with the client is {@code refunded}.
     */
    static String status(EscrowState state, long releasedAmount) {
        return switch (state) {
            case CREATED, FUNDED, DELIVERED -> "funded";
            case DISPUTED -> "disputed";
            case RELEASED, SETTLED, RESOLVED, REFUNDED, EXPIRED -> releasedAmount > 0 ? "released" : "refunded";
        };
    }

    /** The canonical states a status filter covers, and whether money went to the merchant (null: either). */
    record StatusFilter(Set<EscrowState> states, Boolean anyReleased) {

        static final StatusFilter ANY = new StatusFilter(Set.of(), null);
        private static final Set<EscrowState> ENDED = Set.of(EscrowState.RELEASED, EscrowState.SETTLED,
                EscrowState.RESOLVED, EscrowState.REFUNDED, EscrowState.EXPIRED);

        /** The filter of one of the document's statuses (the inverse of {@link #status}); null for another word. */
        static StatusFilter of(String status) {
            return switch (status) {
                case "funded" -> new StatusFilter(Set.of(EscrowState.CREATED, EscrowState.FUNDED,
                        EscrowState.DELIVERED), null);
                case "disputed" -> new StatusFilter(Set.of(EscrowState.DISPUTED), null);
                case "released" -> new StatusFilter(ENDED, true);
                case "refunded" -> new StatusFilter(ENDED, false);
                default -> null;
            };
        }
    }
}
