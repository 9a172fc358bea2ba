package io.escrowledger.domain.escrow.value;

import java.math.RoundingMode;

/**
 * How a fee in basis points is rounded to the minor unit: HALF_UP (the default: 2.5 becomes 3), HALF_EVEN (2.5
 * becomes 2, 3.5 becomes 4), UP (any fraction becomes the next unit) or DOWN (fractions are dropped).
 */
public enum FeeRounding {
    HALF_UP(RoundingMode.HALF_UP),
    HALF_EVEN(RoundingMode.HALF_EVEN),
    UP(RoundingMode.UP),
    DOWN(RoundingMode.DOWN);

    private final RoundingMode mode;

    FeeRounding(RoundingMode mode) {
        this.mode = mode;
    }

    public RoundingMode mode() {
        return mode;
    }
}
