package io.escrowledger.domain.vault;

import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Held money of one escrow left the hold: released to the merchant (net of the platform's fee), refunded to available
 * (net of any fee the platform kept), and the platform's {@code fee}, which goes to the platform's account. Revision 2
 * added the fee; a revision 1 event had none, and reads so.
 */
@Revision("2")
public record VaultHoldSettledEvent(String vaultId,
                                    String escrowId,
                                    String merchantId,
                                    Money released,
                                    Money refunded,
                                    Instant settledAt,
                                    Money fee) implements VaultEvent {

    public VaultHoldSettledEvent {
        fee = Money.orZero(fee, released.currency());
    }

    /** A settlement without a fee. */
    public VaultHoldSettledEvent(String vaultId, String escrowId, String merchantId, Money released, Money refunded,
                                 Instant settledAt) {
        this(vaultId, escrowId, merchantId, released, refunded, settledAt, null);
    }

    /** Everything that left the hold. */
    public Money settled() {
        return released.plus(refunded).plus(fee);
    }
}
