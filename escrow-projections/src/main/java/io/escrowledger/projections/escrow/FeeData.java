package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.value.FeeSplit;
import io.escrowledger.domain.escrow.value.PlatformFee;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The platform's fee as integrators read it, in API answers and webhook bodies alike: the terms as given at creation
 * ({@code {"amount": 500}} or {@code {"basis_points": 250, "rounding": "half_up"}}), and a party's gross, fee and net.
 */
public final class FeeData {

    private FeeData() {
    }

    /** The fee terms' columns: a fixed amount, or basis points with their rounding (each null when not given). */
    static Long fixedFee(PlatformFee fee) {
        return fee == null || fee.fixedAmount() == null ? null : fee.fixedAmount().minorUnits();
    }

    static Integer basisPoints(PlatformFee fee) {
        return fee == null ? null : fee.basisPoints();
    }

    static String rounding(PlatformFee fee) {
        return fee == null || fee.rounding() == null ? null : fee.rounding().name();
    }

    /** The fee terms in their wire form; null for none. */
    public static Map<String, Object> terms(PlatformFee fee) {
        if (fee == null) {
            return null;
        }
        Map<String, Object> terms = new LinkedHashMap<>();
        if (fee.fixedAmount() != null) {
            terms.put("amount", fee.fixedAmount().minorUnits());
        } else {
            terms.put("basis_points", fee.basisPoints());
            terms.put("rounding", fee.rounding().name().toLowerCase(Locale.ROOT));
        }
        return terms;
    }

    /** {@code {"gross": ..., "fee": ..., "net": ...}}, which always add up: gross = fee + net. */
    public static Map<String, Object> split(long gross, long fee) {
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("gross", gross);
        split.put("fee", fee);
        split.put("net", gross - fee);
        return split;
    }

    public static Map<String, Object> split(FeeSplit split) {
        return split(split.gross().minorUnits(), split.fee().minorUnits());
    }
}
