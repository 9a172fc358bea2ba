package io.escrowledger.api.subcent;

import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.ApiException;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.money.Currencies;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.serialization.ExactJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

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
    /** A decimal with a sign, to tell a negative amount from one that is not a number at all. */
    private static final Pattern SIGNED_DECIMAL = Pattern.compile("[-+]?[0-9]{1,20}(\\.[0-9]{1,20})?");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                                                                   .withZone(ZoneOffset.UTC);

    private SubcentFormat() {
    }

    /**
     * The amount as a positive decimal, checked before anything else in the request, as the seed's error table reads:
     * missing, not a decimal string (a JSON number included), zero or negative is a {@code policy_violation}.
     */
    static BigDecimal positiveAmount(ExactJson amount) {
        JsonNode value = amount == null ? NullNode.getInstance() : amount.node();
        if (value.isNumber() && value.decimalValue().signum() <= 0
            || value.isString() && SIGNED_DECIMAL.matcher(value.asString()).matches()
               && new BigDecimal(value.asString()).signum() <= 0) {
            throw new ApiException(ApiError.POLICY_VIOLATION, "Amount must be greater than 0");
        }
        if (!value.isString() || !DECIMAL.matcher(value.asString()).matches()) {
            throw new ApiException(ApiError.POLICY_VIOLATION,
                    "amount must be a decimal string such as \"500.00\"");
        }
        return new BigDecimal(value.asString());
    }

    /**
     * A positive decimal in the currency's minor units, exactly. More decimals than the currency has, or more than the
     * largest amount, is a {@code policy_violation}, as the seed answers an amount it does not accept.
     */
    static Money amount(BigDecimal value, String currency) {
        int digits = Currencies.minorUnitDigits(currency);
        if (value.stripTrailingZeros().scale() > digits) {
            throw new ApiException(ApiError.POLICY_VIOLATION,
                    currency + " has " + digits + " decimal places; " + value.toPlainString() + " has more");
        }
        BigDecimal minor = value.movePointRight(digits);
        if (minor.compareTo(BigDecimal.valueOf(Money.MAX_MINOR_UNITS)) > 0) {
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
     * The document's four statuses, of a vault-funded escrow. An escrow that ended with money for the merchant (all or
     * part, by release or decision) is {@code released}; one that ended with all of it back in the vault is
     * {@code refunded}. A vault-funded escrow is funded when it is created, so it is never CREATED, nor EXPIRED or
     * CANCELLED (which only a CREATED escrow becomes): those have no status here, and an unfunded escrow is never
     * "funded".
     */
    static String status(EscrowState state, long releasedAmount) {
        return switch (state) {
            case FUNDED, DELIVERED -> "funded";
            case DISPUTED -> "disputed";
            case RELEASED, SETTLED, RESOLVED, REFUNDED -> releasedAmount > 0 ? "released" : "refunded";
            case CREATED, EXPIRED, CANCELLED -> throw new IllegalStateException(
                    "A vault-funded escrow is held from its creation; it is never " + state);
        };
    }

    /** The canonical states a status filter covers, and whether money went to the merchant (null: either). */
    record StatusFilter(Set<EscrowState> states, Boolean anyReleased) {

        static final StatusFilter ANY = new StatusFilter(Set.of(), null);
        private static final Set<EscrowState> ENDED = Set.of(EscrowState.RELEASED, EscrowState.SETTLED,
                EscrowState.RESOLVED, EscrowState.REFUNDED);

        /** The filter of one of the document's statuses (the inverse of {@link #status}); null for another word. */
        static StatusFilter of(String status) {
            return switch (status) {
                case "funded" -> new StatusFilter(Set.of(EscrowState.FUNDED, EscrowState.DELIVERED), null);
                case "disputed" -> new StatusFilter(Set.of(EscrowState.DISPUTED), null);
                case "released" -> new StatusFilter(ENDED, true);
                case "refunded" -> new StatusFilter(ENDED, false);
                default -> null;
            };
        }
    }
}
