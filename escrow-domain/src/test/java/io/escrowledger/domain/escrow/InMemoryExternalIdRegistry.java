package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.port.ExternalIdRegistry;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The registry's contract in memory, for fixture tests; the JDBC one is tested against PostgreSQL. */
final class InMemoryExternalIdRegistry implements ExternalIdRegistry {

    private final Map<String, String> escrowByKey = new HashMap<>();

    @Override
    public Optional<String> claim(String integratorId, String externalId, String escrowId) {
        String existing = escrowByKey.putIfAbsent(integratorId + "/" + externalId, escrowId);
        return Optional.ofNullable(existing);
    }
}
