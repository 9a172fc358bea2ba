package io.escrowledger.domain.escrow.value;

import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How held money is shared between client and contractor: two decimals from 0 to 1 with at most four decimal places,
 * adding up to exactly 1. Stored with four decimal places, so equal ratios are equal records.
 */
public record Ratio(BigDecimal client, BigDecimal contractor) {

    public static final int SCALE = 4;
    public static final Ratio ALL_TO_CLIENT = new Ratio(BigDecimal.ONE, BigDecimal.ZERO);
    public static final Ratio ALL_TO_CONTRACTOR = new Ratio(BigDecimal.ZERO, BigDecimal.ONE);

    public Ratio {
        requireShare("client", client);
        requireShare("contractor", contractor);
        if (client.add(contractor).compareTo(BigDecimal.ONE) != 0) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "The ratio's client and contractor shares must add up to exactly 1, not " + client.add(contractor));
        }
        client = client.setScale(SCALE, RoundingMode.UNNECESSARY);
        contractor = contractor.setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    /** The ratio that gives the contractor this share (rounded half-even to four places) and the client the rest. */
    public static Ratio contractorShare(BigDecimal share) {
        BigDecimal contractor = share.setScale(SCALE, RoundingMode.HALF_EVEN);
        return new Ratio(BigDecimal.ONE.subtract(contractor), contractor);
    }

    private static void requireShare(String side, BigDecimal share) {
        if (share == null) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "The ratio needs a " + side + " share");
        }
        // Checked before any arithmetic: 0e-2147483647 is zero, but adding it to anything is an overflow.
        if (share.scale() > 100 || share.scale() < -100 || share.precision() > 100) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "The " + side + " share has more than " + SCALE + " decimal places");
        }
        if (share.signum() < 0 || share.compareTo(BigDecimal.ONE) > 0) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "The " + side + " share must be from 0 to 1");
        }
        if (share.stripTrailingZeros().scale() > SCALE) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "The " + side + " share has more than " + SCALE + " decimal places");
        }
    }
}
