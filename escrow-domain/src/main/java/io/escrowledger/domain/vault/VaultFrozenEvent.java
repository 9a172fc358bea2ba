package io.escrowledger.domain.vault;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The vault funds nothing and pays nothing out until unfrozen; escrows it already funded still settle. */
@Revision("1")
public record VaultFrozenEvent(String vaultId,
                               Instant frozenAt) implements VaultEvent {
}
