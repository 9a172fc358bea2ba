package io.escrowledger.domain.vault;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Map;

/** Change the vault's metadata: each key set to its value, or removed by an empty value; others keep theirs. */
public record UpdateVaultMetadataCommand(@TargetAggregateIdentifier String vaultId,
                                         String integratorId,
                                         Map<String, String> metadata,
                                         Instant requestedAt) implements VaultCommand {

    public UpdateVaultMetadataCommand {
        metadata = Map.copyOf(metadata);
    }
}
