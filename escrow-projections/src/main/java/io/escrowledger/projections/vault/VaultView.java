package io.escrowledger.projections.vault;

import java.time.Instant;

/** A vault as the read model holds it; balances in minor units of {@code currency}. */
public record VaultView(String vaultId, String currency, String name, String externalId, String status,
                        long available, long held, Instant createdAt, Instant updatedAt) {

    public long total() {
        return available + held;
    }
}
