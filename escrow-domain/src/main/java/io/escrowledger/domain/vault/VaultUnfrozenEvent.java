package io.escrowledger.domain.vault;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The vault may fund escrows and pay out again. */
@Revision("1")
public record VaultUnfrozenEvent(String vaultId,
                                 Instant unfrozenAt) implements VaultEvent {
}
