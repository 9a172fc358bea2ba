package io.escrowledger.domain.vault;

import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Money came into the vault's available balance from outside; the reference makes it idempotent. */
@Revision("1")
public record VaultDepositedEvent(String vaultId,
                                  String reference,
                                  Money amount,
                                  Instant depositedAt) implements VaultEvent {
}
