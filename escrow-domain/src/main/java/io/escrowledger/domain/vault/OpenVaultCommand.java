package io.escrowledger.domain.vault;

import java.time.Instant;
import java.util.Map;

/** Open a vault, with the integrator's metadata (Metadata's rules). The id and the time come from the caller. */
public record OpenVaultCommand(String vaultId,
                               String integratorId,
                               String currency,
                               String name,
                               String externalId,
                               Instant requestedAt,
                               Map<String, String> metadata) implements VaultCommand {

    public OpenVaultCommand {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A vault without metadata. */
    public OpenVaultCommand(String vaultId, String integratorId, String currency, String name, String externalId,
                            Instant requestedAt) {
        this(vaultId, integratorId, currency, name, externalId, requestedAt, null);
    }
}
