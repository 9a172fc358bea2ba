package io.escrowledger.domain.vault;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A vault was opened for an integrator, in one currency. */
@Revision("1")
public record VaultOpenedEvent(String vaultId,
                               String integratorId,
                               String currency,
                               String name,
                               String externalId,
                               Instant openedAt) implements VaultEvent {
}
