package io.escrowledger.domain.vault;

import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Held money of one escrow left the hold: released to the merchant, refunded to available, or both. */
@Revision("1")
public record VaultHoldSettledEvent(String vaultId,
                                    String escrowId,
                                    String merchantId,
                                    Money released,
                                    Money refunded,
                                    Instant settledAt) implements VaultEvent {
}
