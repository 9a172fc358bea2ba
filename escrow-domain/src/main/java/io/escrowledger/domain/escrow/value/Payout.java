package io.escrowledger.domain.escrow.value;

import io.escrowledger.domain.money.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a dispute decision pays each side out of the money held. The contractor's share is the held amount times the
 * contractor's ratio, rounded half-even to the minor unit; the client gets the rest, so the two always add up to the
 * held amount exactly.
 */
public record Payout(Money client, Money contractor) {

    public static Payout of(Money held, Ratio ratio) {
        long contractor = BigDecimal.valueOf(held.minorUnits())
                                    .multiply(ratio.contractor())
                                    .setScale(0, RoundingMode.HALF_EVEN)
                                    .longValueExact();
        return new Payout(held.minus(Money.of(contractor, held.currency())), Money.of(contractor, held.currency()));
    }

    public Money total() {
        return client.plus(contractor);
    }
}
