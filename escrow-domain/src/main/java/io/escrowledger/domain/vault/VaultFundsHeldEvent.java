package io.escrowledger.domain.vault;

import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Money moved from the vault's available balance to its held balance, for one escrow. */
@Revision("1")
public record VaultFundsHeldEvent(String vaultId,
                                  String escrowId,
                                  Money amount,
                                  Instant heldAt) implements VaultEvent {
}
