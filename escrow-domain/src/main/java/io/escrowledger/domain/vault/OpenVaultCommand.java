package io.escrowledger.domain.vault;

import java.time.Instant;

/** Open a vault. The id and the time come from the caller. */
public record OpenVaultCommand(String vaultId,
                               String integratorId,
                               String currency,
                               String name,
                               String externalId,
                               Instant requestedAt) implements VaultCommand {
}
