package io.escrowledger.domain.money;

import java.util.Currency;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The currencies the ledger accepts and how many minor units each has.
 * ISO 4217 codes come from the JDK; USDC (a stablecoin with six decimals) is the one addition.
 */
public final class Currencies {

    private static final Pattern CODE = Pattern.compile("[A-Z]{3,4}");
    private static final Map<String, Integer> NON_ISO = Map.of("USDC", 6);

    private Currencies() {
    }

    public static boolean isSupported(String code) {
        return code != null && CODE.matcher(code).matches() && minorUnitDigitsOrNegative(code) >= 0;
    }

    /** Number of decimal places of the currency's minor unit (2 for USD, 0 for JPY, 6 for USDC). */
    public static int minorUnitDigits(String code) {
        if (!isSupported(code)) {
            throw new IllegalArgumentException("Unsupported currency: " + code);
        }
        return minorUnitDigitsOrNegative(code);
    }

    private static int minorUnitDigitsOrNegative(String code) {
        Integer nonIso = NON_ISO.get(code);
        if (nonIso != null) {
            return nonIso;
        }
        try {
            // -1 marks pseudo-currencies such as XAU (gold) or XXX (no currency): they have no minor unit.
            return code.length() == 3 ? Currency.getInstance(code).getDefaultFractionDigits() : -1;
        } catch (IllegalArgumentException notIso) {
            return -1;
        }
    }
}
