package io.escrowledger.projections.ledger;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.escrowledger.projections.support.SqlTime.instant;

/** Reads the ledger: a vault's entries, a merchant's balances, and the invariants an auditor checks. */
@Component
public record LedgerQueries(JdbcClient jdbc) {

    /** One entry on one of a vault's accounts, with the transaction it belongs to. */
    public record VaultEntry(long entryId, String transactionId, String kind, String account, String currency,
                             long amount, long balanceAfter, String escrowId, String reference, Instant occurredAt) {
    }

    public record EntryPage(List<VaultEntry> entries, boolean hasMore) {
    }

    public record Balance(String currency, long balance) {
    }

    /** One invariant and whether it holds, with what was compared. */
    public record Check(String name, boolean holds, Map<String, Object> compared) {
    }

    /** A vault's entries, newest first, after the cursor's entry. */
    public EntryPage vaultEntries(String vaultId, Long beforeEntryId, int limit) {
        List<VaultEntry> rows = jdbc.sql("""
                                         SELECT e.entry_id, e.transaction_id, t.kind, e.account, e.currency, e.amount,
                                                e.balance_after, t.escrow_id, t.reference, t.occurred_at
                                         FROM ledger_entries e JOIN ledger_transactions t USING (transaction_id)
                                         WHERE e.vault_id = ? AND e.entry_id < ?
                                         ORDER BY e.entry_id DESC LIMIT ?""")
                                    .params(vaultId, beforeEntryId == null ? Long.MAX_VALUE : beforeEntryId, limit + 1)
                                    .query((row, n) -> new VaultEntry(row.getLong("entry_id"),
                                            row.getString("transaction_id"), row.getString("kind"),
                                            row.getString("account"), row.getString("currency"), row.getLong("amount"),
                                            row.getLong("balance_after"), row.getString("escrow_id"),
                                            row.getString("reference"), instant(row, "occurred_at")))
                                    .list();
        boolean hasMore = rows.size() > limit;
        return new EntryPage(hasMore ? rows.subList(0, limit) : rows, hasMore);
    }

    public List<Balance> merchantBalances(String integratorId, String merchantId) {
        return jdbc.sql("SELECT currency, balance FROM ledger_accounts WHERE account = ? ORDER BY currency")
                   .param(LedgerProjection.merchant(integratorId, merchantId))
                   .query((row, n) -> new Balance(row.getString("currency"), row.getLong("balance")))
                   .list();
    }

    /** Every invariant of docs/ledger.md, over the whole ledger. */
    public List<Check> check() {
        long unbalancedCurrencies = count("""
                SELECT count(*) FROM (SELECT currency FROM ledger_entries GROUP BY currency HAVING sum(amount) <> 0) c""");
        long unbalancedTransactions = count("""
                SELECT count(*) FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id
                                      HAVING sum(amount) <> 0) t""");
        long accountsDisagreeingWithEntries = count("""
                SELECT count(*) FROM ledger_accounts a
                WHERE a.balance <> (SELECT coalesce(sum(e.amount), 0) FROM ledger_entries e
                                    WHERE e.account = a.account AND e.currency = a.currency)""");
        long vaultsOutOfBalance = count("""
                SELECT count(*) FROM vaults v
                WHERE v.available + v.held <> (
                    SELECT coalesce(sum(CASE WHEN t.kind IN ('deposit', 'withdrawal')
                                                  AND e.account = 'vault:' || v.vault_id || ':available' THEN e.amount
                                             WHEN e.account LIKE 'merchant:%' OR e.account LIKE 'platform:%'
                                                  THEN -e.amount
                                             ELSE 0 END), 0)
                    FROM ledger_entries e JOIN ledger_transactions t USING (transaction_id)
                    WHERE t.vault_id = v.vault_id)""");
        long vaultsDisagreeingWithAccounts = count("""
                SELECT count(*) FROM vaults v
                WHERE v.available <> coalesce((SELECT balance FROM ledger_accounts
                                               WHERE account = 'vault:' || v.vault_id || ':available'), 0)
                   OR v.held <> coalesce((SELECT balance FROM ledger_accounts
                                          WHERE account = 'vault:' || v.vault_id || ':held'), 0)""");
        long negativeBalances = count("""
                SELECT count(*) FROM ledger_accounts WHERE balance < 0 AND account NOT LIKE 'external:%'""");
        long entries = count("SELECT count(*) FROM ledger_entries");
        return List.of(
                new Check("entries_sum_to_zero_per_currency", unbalancedCurrencies == 0,
                        Map.of("entries", entries, "unbalanced_currencies", unbalancedCurrencies)),
                new Check("every_transaction_balances", unbalancedTransactions == 0,
                        Map.of("unbalanced_transactions", unbalancedTransactions)),
                new Check("account_balances_match_their_entries", accountsDisagreeingWithEntries == 0,
                        Map.of("accounts_disagreeing", accountsDisagreeingWithEntries)),
                new Check("vault_available_plus_held_is_deposits_less_withdrawals_less_released",
                        vaultsOutOfBalance == 0, Map.of("vaults_out_of_balance", vaultsOutOfBalance)),
                new Check("vault_balances_match_the_ledger", vaultsDisagreeingWithAccounts == 0,
                        Map.of("vaults_disagreeing", vaultsDisagreeingWithAccounts)),
                new Check("no_negative_balance", negativeBalances == 0, Map.of("negative_accounts", negativeBalances)));
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
