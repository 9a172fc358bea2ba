package io.escrowledger.domain.vault;

import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Money left the vault's available balance to the outside world. */
@Revision("1")
public record VaultWithdrawnEvent(String vaultId,
                                  String reference,
                                  Money amount,
                                  Instant withdrawnAt) implements VaultEvent {
}
