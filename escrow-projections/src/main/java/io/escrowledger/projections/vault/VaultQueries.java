package io.escrowledger.projections.vault;

import io.escrowledger.projections.support.MetadataJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

import static io.escrowledger.projections.support.SqlTime.instant;

/** Reads vaults, always within one integrator's data. */
@Component
public record VaultQueries(JdbcClient jdbc) {

    public Optional<VaultView> find(String integratorId, String vaultId) {
        return jdbc.sql("SELECT * FROM vaults WHERE integrator_id = ? AND vault_id = ?")
                   .params(integratorId, vaultId)
                   .query((row, n) -> new VaultView(row.getString("vault_id"), row.getString("currency"),
                           row.getString("name"), row.getString("external_id"), row.getString("status"),
                           row.getLong("available"), row.getLong("held"), instant(row, "created_at"),
                           instant(row, "updated_at"), MetadataJson.read(row.getString("metadata"))))
                   .optional();
    }
}
