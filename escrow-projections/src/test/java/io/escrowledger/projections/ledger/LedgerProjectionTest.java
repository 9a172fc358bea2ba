package io.escrowledger.projections.ledger;

import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.vault.VaultDepositedEvent;
import io.escrowledger.domain.vault.VaultFundsHeldEvent;
import io.escrowledger.domain.vault.VaultHoldSettledEvent;
import io.escrowledger.domain.vault.VaultOpenedEvent;
import io.escrowledger.domain.vault.VaultWithdrawnEvent;
import io.escrowledger.projections.testsupport.TestDatabase;
import io.escrowledger.projections.vault.VaultProjection;
import io.escrowledger.projections.vault.VaultQueries;
import io.escrowledger.projections.vault.VaultView;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Vault events become balanced ledger transactions, and the vault read model agrees with the ledger. */
class LedgerProjectionTest {

    private static final Instant T = Instant.parse("2025-01-15T10:00:00Z");

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.shared().migratedDataSource());
    private final LedgerProjection ledger = new LedgerProjection(jdbc);
    private final VaultProjection vaults = new VaultProjection(jdbc);
    private final LedgerQueries queries = new LedgerQueries(jdbc);
    private final String integrator = "int_" + UUID.randomUUID();
    private final String vault = UUID.randomUUID().toString();

    @Test
    void everyMovementIsABalancedTransactionWithRunningBalances() {
        vaults.on(new VaultOpenedEvent(vault, integrator, "USDC", null, null, T));
        apply(new VaultDepositedEvent(vault, "dep_1", usdc(500), T), "e1");
        apply(new VaultFundsHeldEvent(vault, "esc_1", usdc(300), T), "e2");
        apply(new VaultHoldSettledEvent(vault, "esc_1", "mrc_1", usdc(200), usdc(100), T), "e3");
        apply(new VaultWithdrawnEvent(vault, "wd_1", usdc(50), T), "e4");

        VaultView view = new VaultQueries(jdbc).find(integrator, vault).orElseThrow();
        assertThat(view.available()).isEqualTo(500 - 300 + 100 - 50);
        assertThat(view.held()).isZero();
        assertThat(queries.merchantBalances(integrator, "mrc_1")).containsExactly(new LedgerQueries.Balance("USDC", 200));

        List<LedgerQueries.VaultEntry> entries = queries.vaultEntries(vault, null, 50).entries();
        assertThat(entries).extracting(LedgerQueries.VaultEntry::kind)
                           .containsExactly("withdrawal", "escrow_settlement", "escrow_settlement", "escrow_hold",
                                   "escrow_hold", "deposit");
        assertThat(entries.get(0).balanceAfter()).isEqualTo(250);
        assertThat(entries.get(0).transactionId()).isEqualTo("txn_e4_" + vault);
        Long unbalanced = jdbc.sql("SELECT count(*) FROM (SELECT transaction_id FROM ledger_entries "
                                   + "GROUP BY transaction_id HAVING sum(amount) <> 0) t").query(Long.class).single();
        assertThat(unbalanced).isZero();
        assertThat(queries.check()).allSatisfy(check -> assertThat(check.holds()).as(check.name()).isTrue());
    }

    /** A fee leaves the vault's hold for the platform's account; the vault still reconciles, every check holds. */
    @Test
    void thePlatformsFeeGoesToItsAccountAndTheLedgerStillBalances() {
        vaults.on(new VaultOpenedEvent(vault, integrator, "USDC", null, null, T));
        apply(new VaultDepositedEvent(vault, "dep_1", usdc(500), T), "g1");
        apply(new VaultFundsHeldEvent(vault, "esc_1", usdc(300), T), "g2");
        apply(new VaultHoldSettledEvent(vault, "esc_1", "mrc_1", usdc(195), usdc(98), T, usdc(7)), "g3");

        VaultView view = new VaultQueries(jdbc).find(integrator, vault).orElseThrow();
        assertThat(view.available()).isEqualTo(500 - 300 + 98);
        assertThat(view.held()).isZero();
        assertThat(queries.merchantBalances(integrator, "mrc_1")).containsExactly(new LedgerQueries.Balance("USDC", 195));
        Long platform = jdbc.sql("SELECT balance FROM ledger_accounts WHERE account = ?")
                            .param(LedgerProjection.platform(integrator)).query(Long.class).single();
        assertThat(platform).isEqualTo(7);
        assertThat(queries.vaultEntries(vault, null, 50).entries()).filteredOn(e -> e.transactionId().startsWith("txn_g3"))
                .extracting(LedgerQueries.VaultEntry::amount).containsExactlyInAnyOrder(-300L, 98L);
        assertThat(queries.check()).allSatisfy(check -> assertThat(check.holds()).as(check.name()).isTrue());
    }

    @Test
    void theCheckFindsAVaultThatDisagreesWithTheLedger() {
        vaults.on(new VaultOpenedEvent(vault, integrator, "USDC", null, null, T));
        apply(new VaultDepositedEvent(vault, "dep_1", usdc(500), T), "f1");
        jdbc.sql("UPDATE vaults SET available = available + 1 WHERE vault_id = ?").param(vault).update();
        try {
            assertThat(queries.check()).filteredOn(check -> !check.holds()).extracting(LedgerQueries.Check::name)
                                       .contains("vault_balances_match_the_ledger",
                                               "vault_available_plus_held_is_deposits_less_withdrawals_less_released");
        } finally {
            jdbc.sql("UPDATE vaults SET available = available - 1 WHERE vault_id = ?").param(vault).update();
        }
    }

    private void apply(Object event, String eventId) {
        String id = eventId + "_" + vault;
        if (event instanceof VaultDepositedEvent e) {
            ledger.on(e, id, integrator);
            vaults.on(e);
        } else if (event instanceof VaultWithdrawnEvent e) {
            ledger.on(e, id, integrator);
            vaults.on(e);
        } else if (event instanceof VaultFundsHeldEvent e) {
            ledger.on(e, id, integrator);
            vaults.on(e);
        } else if (event instanceof VaultHoldSettledEvent e) {
            ledger.on(e, id, integrator);
            vaults.on(e);
        }
    }

    private static Money usdc(long micros) {
        return Money.of(micros, "USDC");
    }
}
