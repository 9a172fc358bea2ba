package io.escrowledger.domain.vault;

import io.escrowledger.domain.shared.Metadata;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Map;

/** The integrator changed the vault's metadata; the event carries the whole metadata after the change. */
@Revision("1")
public record VaultMetadataUpdatedEvent(String vaultId,
                                        Map<String, String> metadata,
                                        Instant updatedAt) implements VaultEvent {

    public VaultMetadataUpdatedEvent {
        metadata = Metadata.of(metadata);
    }
}
