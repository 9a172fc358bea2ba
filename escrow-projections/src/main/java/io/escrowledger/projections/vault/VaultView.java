package io.escrowledger.projections.vault;

import java.time.Instant;
import java.util.Map;

/** A vault as the read model holds it; balances in minor units of {@code currency}. */
public record VaultView(String vaultId, String currency, String name, String externalId, String status,
                        long available, long held, Instant createdAt, Instant updatedAt,
                        Map<String, String> metadata) {

    public long total() {
        return available + held;
    }
}
