package io.escrowledger.domain.escrow.value;

import io.escrowledger.domain.money.Money;

import java.util.Objects;

/**
 * What one party's payout is made of: the gross amount leaving the escrow for that party, the platform's fee taken
 * from it, and the net the party receives. {@code gross = fee + net}, to the unit, always.
 */
public record FeeSplit(Money gross, Money fee, Money net) {

    public FeeSplit {
        Objects.requireNonNull(gross, "gross");
        Objects.requireNonNull(fee, "fee");
        Objects.requireNonNull(net, "net");
        if (!fee.plus(net).equals(gross)) {
            throw new IllegalArgumentException("Fee " + fee + " and net " + net + " do not add up to " + gross);
        }
    }

    /** The fee is taken from the gross; the party gets the rest. */
    public static FeeSplit of(Money gross, Money fee) {
        return new FeeSplit(gross, fee, gross.minus(fee));
    }
}
