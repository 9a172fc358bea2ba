package io.escrowledger.domain.vault;

import org.axonframework.serialization.Revision;

import io.escrowledger.domain.shared.Metadata;

import java.time.Instant;
import java.util.Map;

/**
 * A vault was opened for an integrator, in one currency. Revision 2 added the integrator's {@code metadata}; a revision
 * 1 event reads with none.
 */
@Revision("2")
public record VaultOpenedEvent(String vaultId,
                               String integratorId,
                               String currency,
                               String name,
                               String externalId,
                               Instant openedAt,
                               Map<String, String> metadata) implements VaultEvent {

    public VaultOpenedEvent {
        metadata = Metadata.of(metadata);
    }

    /** A vault without metadata. */
    public VaultOpenedEvent(String vaultId, String integratorId, String currency, String name, String externalId,
                            Instant openedAt) {
        this(vaultId, integratorId, currency, name, externalId, openedAt, null);
    }
}
