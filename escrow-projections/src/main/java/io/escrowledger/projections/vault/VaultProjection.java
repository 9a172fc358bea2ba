package io.escrowledger.projections.vault;

import io.escrowledger.domain.vault.VaultDepositedEvent;
import io.escrowledger.domain.vault.VaultFrozenEvent;
import io.escrowledger.domain.vault.VaultFundsHeldEvent;
import io.escrowledger.domain.vault.VaultHoldSettledEvent;
import io.escrowledger.domain.vault.VaultMetadataUpdatedEvent;
import io.escrowledger.domain.vault.VaultOpenedEvent;
import io.escrowledger.projections.support.MetadataJson;
import io.escrowledger.domain.vault.VaultUnfrozenEvent;
import io.escrowledger.domain.vault.VaultWithdrawnEvent;
import io.escrowledger.projections.support.ProjectionTable;
import io.escrowledger.projections.support.SubscribingProcessor;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

import static io.escrowledger.projections.support.SqlTime.toSql;

/** Keeps {@code vaults} from the vault events, in the command's transaction. */
@Component
@SubscribingProcessor
@ProcessingGroup(VaultProjection.PROCESSING_GROUP)
public record VaultProjection(JdbcClient jdbc) {

    public static final String PROCESSING_GROUP = "vault-read-model";
    /** The tables it writes. */
    public static final List<ProjectionTable> TABLES = List.of(ProjectionTable.of("vaults"));

    @EventHandler
    public void on(VaultOpenedEvent event) {
        jdbc.sql("""
                 INSERT INTO vaults (vault_id, integrator_id, currency, name, external_id, status, available, held,
                                     created_at, updated_at, metadata)
                 VALUES (?, ?, ?, ?, ?, 'active', 0, 0, ?, ?, ?::jsonb)""")
            .params(event.vaultId(), event.integratorId(), event.currency(), event.name(), event.externalId(),
                    toSql(event.openedAt()), toSql(event.openedAt()), MetadataJson.write(event.metadata()))
            .update();
    }

    @EventHandler
    public void on(VaultMetadataUpdatedEvent event) {
        jdbc.sql("UPDATE vaults SET metadata = ?::jsonb, updated_at = GREATEST(updated_at, ?) WHERE vault_id = ?")
            .params(MetadataJson.write(event.metadata()), toSql(event.updatedAt()), event.vaultId())
            .update();
    }

    @EventHandler
    public void on(VaultDepositedEvent event) {
        change(event.vaultId(), event.amount().minorUnits(), 0, event.depositedAt());
    }

    @EventHandler
    public void on(VaultWithdrawnEvent event) {
        change(event.vaultId(), -event.amount().minorUnits(), 0, event.withdrawnAt());
    }

    @EventHandler
    public void on(VaultFundsHeldEvent event) {
        change(event.vaultId(), -event.amount().minorUnits(), event.amount().minorUnits(), event.heldAt());
    }

    @EventHandler
    public void on(VaultHoldSettledEvent event) {
        change(event.vaultId(), event.refunded().minorUnits(), -event.settled().minorUnits(), event.settledAt());
    }

    @EventHandler
    public void on(VaultFrozenEvent event) {
        status(event.vaultId(), "frozen", event.frozenAt());
    }

    @EventHandler
    public void on(VaultUnfrozenEvent event) {
        status(event.vaultId(), "active", event.unfrozenAt());
    }

    private void change(String vaultId, long available, long held, Instant at) {
        jdbc.sql("UPDATE vaults SET available = available + ?, held = held + ?, updated_at = ? WHERE vault_id = ?")
            .params(available, held, toSql(at), vaultId)
            .update();
    }

    private void status(String vaultId, String status, Instant at) {
        jdbc.sql("UPDATE vaults SET status = ?, updated_at = ? WHERE vault_id = ?")
            .params(status, toSql(at), vaultId)
            .update();
    }
}
