package io.escrowledger.projections.payout;

import io.escrowledger.domain.escrow.ExpectedPayouts;
import io.escrowledger.projections.support.PagedQuery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.escrowledger.projections.support.SqlTime.instant;
import static io.escrowledger.projections.support.SqlTime.toSql;

/** Reads payouts from the read model, always within one integrator's data. */
@Component
public record PayoutQueries(JdbcClient jdbc) {

    /** A payout the watch should flag: it stayed unreconciled past the allowed time. */
    public record Overdue(String escrowId, String payoutId) {
    }

    /** One page of payouts; {@code hasMore} says another follows. */
    public record Page(List<PayoutView> payouts, boolean hasMore) {
    }

    private static final String COLUMNS = """
            payout_id, escrow_id, kind, party, milestone_id, dispute_id, currency, expected_amount,
            transferred_amount, status, expected_at, last_transfer_at, flagged_at""";

    public Optional<PayoutView> find(String integratorId, String payoutId) {
        return withTransfers(jdbc.sql("SELECT " + COLUMNS + " FROM payouts WHERE integrator_id = ? AND payout_id = ?")
                                 .params(integratorId, payoutId)
                                 .query(PayoutQueries::payoutRow)
                                 .list()).stream().findFirst();
    }

    /**
     * Newest escrow first, then the escrow's payouts from its latest; one row more than asked tells whether another page
     * follows.
     *
     * @param statuses         only payouts in these statuses; every one when empty
     * @param escrowId         only this escrow's payouts; every escrow's when null
     * @param afterPayoutId    the last payout of the previous page, or null for the first
     */
    public Page list(String integratorId, List<String> statuses, String escrowId, String afterPayoutId, int limit) {
        PagedQuery query = new PagedQuery("SELECT " + COLUMNS + " FROM payouts WHERE integrator_id = :integrator")
                .param("integrator", integratorId);
        query.and("status IN (:statuses)", "statuses", statuses)
             .and("escrow_id = :escrow", "escrow", escrowId);
        if (afterPayoutId != null) {
            query.and("(escrow_id, position) < (:afterEscrow, :afterPosition)")
                 .param("afterEscrow", ExpectedPayouts.escrowIdOf(afterPayoutId))
                 .param("afterPosition", ExpectedPayouts.positionOf(afterPayoutId));
        }
        PagedQuery.Slice<PayoutView> page = query.page(jdbc, "escrow_id DESC, position DESC", limit,
                PayoutQueries::payoutRow);
        return new Page(withTransfers(page.rows()), page.hasMore());
    }

    /** Payouts expected before {@code expectedBefore} that are still owed more than was transferred, not yet flagged. */
    public List<Overdue> overdue(Instant expectedBefore, int limit) {
        return jdbc.sql("""
                        SELECT escrow_id, payout_id FROM payouts
                        WHERE flagged_at IS NULL AND status IN ('UNRECONCILED', 'PARTIALLY_RECONCILED')
                          AND expected_at <= ?
                        ORDER BY expected_at LIMIT ?""")
                   .params(toSql(expectedBefore), limit)
                   .query((row, n) -> new Overdue(row.getString("escrow_id"), row.getString("payout_id")))
                   .list();
    }

    /** The transfers of a page of payouts, with one query. */
    private List<PayoutView> withTransfers(List<PayoutView> payouts) {
        if (payouts.isEmpty()) {
            return payouts;
        }
        Map<String, List<PayoutView.Transfer>> transfers = new LinkedHashMap<>();
        payouts.forEach(payout -> transfers.put(payout.payoutId(), new ArrayList<>()));
        jdbc.sql("""
                 SELECT payout_id, reference, amount, executed_at, recorded_at FROM payout_transfers
                 WHERE payout_id IN (:ids) ORDER BY payout_id, recorded_at, reference""")
            .param("ids", transfers.keySet())
            .query(row -> {
                transfers.get(row.getString("payout_id")).add(new PayoutView.Transfer(row.getString("reference"),
                        row.getLong("amount"), instant(row, "executed_at"), instant(row, "recorded_at")));
            });
        return payouts.stream().map(payout -> payout.withTransfers(transfers.get(payout.payoutId()))).toList();
    }

    private static PayoutView payoutRow(ResultSet row, int rowNumber) throws SQLException {
        return new PayoutView(row.getString("payout_id"), row.getString("escrow_id"), row.getString("kind"),
                row.getString("party"), row.getString("milestone_id"), row.getString("dispute_id"),
                row.getString("currency"), row.getLong("expected_amount"), row.getLong("transferred_amount"),
                row.getString("status"), instant(row, "expected_at"), instant(row, "last_transfer_at"),
                instant(row, "flagged_at"), List.of());
    }
}
