package io.escrowledger.projections.ledger;

import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.vault.VaultDepositedEvent;
import io.escrowledger.domain.vault.VaultFundsHeldEvent;
import io.escrowledger.domain.vault.VaultHoldSettledEvent;
import io.escrowledger.domain.vault.VaultWithdrawnEvent;
import io.escrowledger.projections.support.ProjectionTable;
import io.escrowledger.projections.support.SubscribingProcessor;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.escrowledger.projections.support.SqlTime.toSql;

/**
 * The double-entry ledger (docs/ledger.md): each money movement of a vault becomes one transaction of entries that
 * add up to zero, written in the command's transaction. The transaction id derives from the event's id, so a rebuild
 * writes the same ledger.
 */
@Component
@SubscribingProcessor
@ProcessingGroup(LedgerProjection.PROCESSING_GROUP)
public record LedgerProjection(JdbcClient jdbc) {

    public static final String PROCESSING_GROUP = "ledger";
    /** The tables it writes, parents first; transactions and entries are numbered by sequences of their own. */
    public static final List<ProjectionTable> TABLES = List.of(new ProjectionTable("ledger_transactions", "position"),
            ProjectionTable.of("ledger_accounts"), new ProjectionTable("ledger_entries", "entry_id"));

    /** One line of a transaction: positive adds to the account's balance, negative takes from it. */
    record Entry(String account, long amount) {
    }

    public static String external(String integratorId) {
        return "external:" + integratorId;
    }

    public static String available(String vaultId) {
        return "vault:" + vaultId + ":available";
    }

    public static String held(String vaultId) {
        return "vault:" + vaultId + ":held";
    }

    /** The platform's fee revenue: what the integrator, as the marketplace, took of its escrows' payouts. */
    public static String platform(String integratorId) {
        return "platform:" + integratorId;
    }

    public static String merchant(String integratorId, String merchantId) {
        return "merchant:" + integratorId + ":" + merchantId;
    }

    @EventHandler
    public void on(VaultDepositedEvent event, @MessageIdentifier String eventId,
                   @MetaDataValue("integrator_id") String integratorId) {
        long amount = event.amount().minorUnits();
        record(eventId, integratorId, "deposit", event.vaultId(), null, event.reference(), event.amount(),
                event.depositedAt(), new Entry(external(integratorId), -amount),
                new Entry(available(event.vaultId()), amount));
    }

    @EventHandler
    public void on(VaultWithdrawnEvent event, @MessageIdentifier String eventId,
                   @MetaDataValue("integrator_id") String integratorId) {
        long amount = event.amount().minorUnits();
        record(eventId, integratorId, "withdrawal", event.vaultId(), null, event.reference(), event.amount(),
                event.withdrawnAt(), new Entry(available(event.vaultId()), -amount),
                new Entry(external(integratorId), amount));
    }

    @EventHandler
    public void on(VaultFundsHeldEvent event, @MessageIdentifier String eventId,
                   @MetaDataValue("integrator_id") String integratorId) {
        long amount = event.amount().minorUnits();
        record(eventId, integratorId, "escrow_hold", event.vaultId(), event.escrowId(), null, event.amount(),
                event.heldAt(), new Entry(available(event.vaultId()), -amount), new Entry(held(event.vaultId()), amount));
    }

    @EventHandler
    public void on(VaultHoldSettledEvent event, @MessageIdentifier String eventId,
                   @MetaDataValue("integrator_id") String integratorId) {
        long released = event.released().minorUnits();
        long refunded = event.refunded().minorUnits();
        long fee = event.fee().minorUnits();
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(held(event.vaultId()), -(released + refunded + fee)));
        if (released > 0) {
            entries.add(new Entry(merchant(integratorId, event.merchantId()), released));
        }
        if (refunded > 0) {
            entries.add(new Entry(available(event.vaultId()), refunded));
        }
        if (fee > 0) {
            entries.add(new Entry(platform(integratorId), fee));
        }
        String kind = refunded == 0 ? "escrow_release" : released == 0 ? "escrow_refund" : "escrow_settlement";
        record(eventId, integratorId, kind, event.vaultId(), event.escrowId(), null, event.released(),
                event.settledAt(), entries.toArray(Entry[]::new));
    }

    private void record(String eventId, String integratorId, String kind, String vaultId, String escrowId,
                        String reference, Money currencyOf, Instant at, Entry... entries) {
        if (integratorId == null) {
            throw new IllegalStateException("Vault event " + eventId + " names no integrator");
        }
        String transactionId = "txn_" + eventId;
        jdbc.sql("""
                 INSERT INTO ledger_transactions (transaction_id, integrator_id, kind, vault_id, escrow_id, reference,
                                                  occurred_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?)""")
            .params(transactionId, integratorId, kind, vaultId, escrowId, reference, toSql(at))
            .update();
        // Accounts are always locked in the same order, so concurrent transactions cannot deadlock on them.
        List<Entry> ordered = new ArrayList<>(List.of(entries));
        ordered.sort(Comparator.comparing(Entry::account));
        for (Entry entry : ordered) {
            long balance = jdbc.sql("""
                                    INSERT INTO ledger_accounts (account, currency, balance) VALUES (?, ?, ?)
                                    ON CONFLICT (account, currency)
                                    DO UPDATE SET balance = ledger_accounts.balance + EXCLUDED.balance
                                    RETURNING balance""")
                               .params(entry.account(), currencyOf.currency(), entry.amount())
                               .query(Long.class)
                               .single();
            jdbc.sql("""
                     INSERT INTO ledger_entries (transaction_id, account, currency, amount, balance_after, vault_id)
                     VALUES (?, ?, ?, ?, ?, ?)""")
                .params(transactionId, entry.account(), currencyOf.currency(), entry.amount(), balance,
                        entry.account().startsWith("vault:" + vaultId + ":") ? vaultId : null)
                .update();
        }
    }
}
