package io.escrowledger.projections.analytics;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The answers analysts ask for most, from the analytics schema (docs/analytics.md). */
@Component
public class AnalyticsQueries {

    /** The CSV export's columns, in order: analytics.escrows as analysts know it (docs/analytics.md). */
    public static final List<String> ESCROW_COLUMNS = List.of("escrow_id", "integrator_id", "external_id", "currency",
            "total_amount", "milestone_count", "condition_type", "funding_source", "vault_id", "state", "held_amount",
            "released_amount", "refunded_amount", "dispute_count", "created_at", "expires_at", "funded_at",
            "first_delivered_at", "condition_met_at", "first_disputed_at", "expired_at", "closed_at");

    public record Summary(long escrows, Map<String, Long> escrowsByState, List<Volume> volumes, Disputes disputes,
                          Percentiles timeToReleaseSeconds, Percentiles timeToResolveSeconds) {
    }

    /** Amounts per currency: amounts in different currencies are never added together. */
    public record Volume(String currency, long escrows, long totalAmount, long heldAmount, long releasedAmount,
                         long refundedAmount) {
    }

    /**
     * @param disputeRate                 escrows that had a dispute, per funded escrow; null with none funded
     * @param recommendationAgreementRate decisions whose outcome was the recommendation's, per decision that had one
     */
    public record Disputes(long opened, long resolved, Double disputeRate, Map<String, Long> byReason,
                           Map<String, Long> byDecision, Double recommendationAgreementRate) {
    }

    /** Seconds; null when there is nothing to measure. */
    public record Percentiles(long count, Double p50, Double p90, Double p99) {
    }

    public record DailyVolume(LocalDate day, String currency, long escrowsCreated, long amountCreated,
                              long amountReleased, long amountRefunded, long disputesOpened) {
    }

    /** One day's platform fee revenue in one currency, and the fees given up on refunds and decisions. */
    public record DailyFees(LocalDate day, String currency, long feeRevenue, long feesReturned, long grossPaidOut,
                            long payoutsWithFee) {
    }

    private final NamedParameterJdbcTemplate named;
    /** Fetches rows in batches from a cursor, for exports. */
    private final NamedParameterJdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    public AnalyticsQueries(DataSource dataSource, TransactionTemplate transactions) {
        this.named = new NamedParameterJdbcTemplate(dataSource);
        JdbcTemplate cursor = new JdbcTemplate(dataSource);
        cursor.setFetchSize(500);
        this.streaming = new NamedParameterJdbcTemplate(cursor);
        // One connection and one snapshot per answer, so its figures agree while the processor writes.
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
        this.readOnly.setIsolationLevel(TransactionTemplate.ISOLATION_REPEATABLE_READ);
    }

    public Summary summary(AnalyticsFilter filter) {
        return readOnly.execute(status -> summaryInSnapshot(filter));
    }

    private Summary summaryInSnapshot(AnalyticsFilter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        String escrows = "FROM analytics.escrows e WHERE " + filter.where(params);
        Map<String, Long> byState = counts("SELECT e.state, count(*) " + escrows + " GROUP BY 1 ORDER BY 1", params);
        List<Volume> volumes = named.query("""
                SELECT e.currency, count(*), sum(e.total_amount), sum(e.held_amount), sum(e.released_amount),
                       sum(e.refunded_amount) %s GROUP BY 1 ORDER BY 1""".formatted(escrows), params,
                (row, n) -> new Volume(row.getString(1), row.getLong(2), row.getLong(3), row.getLong(4),
                        row.getLong(5), row.getLong(6)));
        String disputes = "FROM analytics.disputes d JOIN analytics.escrows e USING (escrow_id) WHERE "
                          + filter.where(params);
        record DisputeCounts(long opened, long resolved, Double disputeRate, Double agreementRate) {
        }
        DisputeCounts counted = named.queryForObject("""
                SELECT count(*), count(d.resolved_at),
                       (SELECT count(*) FILTER (WHERE e.dispute_count > 0)::float8
                               / NULLIF(count(*) FILTER (WHERE e.funded_at IS NOT NULL), 0) %s),
                       avg(CASE WHEN d.followed_recommendation THEN 1.0 ELSE 0.0 END)
                           FILTER (WHERE d.followed_recommendation IS NOT NULL)::float8
                %s""".formatted(escrows, disputes), params,
                (row, n) -> new DisputeCounts(row.getLong(1), row.getLong(2), nullableDouble(row, 3),
                        nullableDouble(row, 4)));
        Disputes disputeFigures = new Disputes(counted.opened(), counted.resolved(), counted.disputeRate(),
                counts("SELECT d.reason_code, count(*) " + disputes + " GROUP BY 1 ORDER BY 1", params),
                counts("SELECT d.decision, count(*) " + disputes + " AND d.decision IS NOT NULL GROUP BY 1 ORDER BY 1",
                        params),
                counted.agreementRate());
        Percentiles toRelease = percentiles("EXTRACT(EPOCH FROM (e.closed_at - e.funded_at))", escrows
                + " AND e.state = 'RELEASED' AND e.funded_at IS NOT NULL", params);
        Percentiles toResolve = percentiles("d.seconds_to_resolve", disputes + " AND d.resolved_at IS NOT NULL",
                params);
        long total = byState.values().stream().mapToLong(Long::longValue).sum();
        return new Summary(total, byState, volumes, disputeFigures, toRelease, toResolve);
    }

    /**
     * Per day and currency, oldest first: analytics.daily_volumes for the filter's integrator and currency, on the
     * days in [from, to) (days money moved, not the days the summary's escrows were created).
     */
    public List<DailyVolume> daily(AnalyticsFilter filter) {
        return readOnly.execute(status -> dailyInSnapshot(filter));
    }

    private List<DailyVolume> dailyInSnapshot(AnalyticsFilter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = filter.where(params, "(e.day::timestamp AT TIME ZONE 'UTC')");
        return named.query("""
                SELECT e.day, e.currency, sum(e.escrows_created), sum(e.amount_created), sum(e.amount_released),
                       sum(e.amount_refunded), sum(e.disputes_opened)
                FROM analytics.daily_volumes e WHERE %s GROUP BY 1, 2 ORDER BY 1, 2""".formatted(where), params,
                (row, n) -> new DailyVolume(row.getObject(1, LocalDate.class), row.getString(2), row.getLong(3),
                        row.getLong(4), row.getLong(5), row.getLong(6), row.getLong(7)));
    }

    /** Per day and currency, oldest first: analytics.daily_fees for the filter's integrator and currency, days in [from, to). */
    public List<DailyFees> dailyFees(AnalyticsFilter filter) {
        return readOnly.execute(status -> {
            Map<String, Object> params = new LinkedHashMap<>();
            String where = filter.where(params, "(e.day::timestamp AT TIME ZONE 'UTC')");
            return named.query("""
                    SELECT e.day, e.currency, sum(e.fee_revenue), sum(e.fees_returned), sum(e.gross_paid_out),
                           sum(e.payouts_with_fee)
                    FROM analytics.daily_fees e WHERE %s GROUP BY 1, 2 ORDER BY 1, 2""".formatted(where), params,
                    (row, n) -> new DailyFees(row.getObject(1, LocalDate.class), row.getString(2), row.getLong(3),
                            row.getLong(4), row.getLong(5), row.getLong(6)));
        });
    }

    /**
     * Streams the filter's escrows, oldest first, from a server-side cursor in batches of 500 rows, so an export of
     * any size holds one batch in memory. {@code sink} gets the values in {@link #ESCROW_COLUMNS} order, as text or null.
     */
    public void exportEscrows(AnalyticsFilter filter, RowSink sink) {
        Map<String, Object> params = new LinkedHashMap<>();
        String sql = "SELECT " + String.join(", ", ESCROW_COLUMNS.stream().map(column -> "e." + column).toList())
                     + " FROM analytics.escrows e WHERE " + filter.where(params) + " ORDER BY e.created_at, e.escrow_id";
        readOnly.executeWithoutResult(status -> {
            // PostgreSQL streams with a cursor only inside a transaction and with a fetch size.
            streaming.query(sql, params, (RowCallbackHandler) row -> {
                String[] values = new String[ESCROW_COLUMNS.size()];
                for (int i = 0; i < values.length; i++) {
                    Object value = row.getObject(i + 1);
                    values[i] = value == null ? null : value instanceof Timestamp time
                            ? time.toInstant().toString() : value.toString();
                }
                sink.accept(values);
            });
        });
    }

    public record Integrator(String id, String name) {
    }

    /** The integrators with escrows in the analytics tables, by name. */
    public List<Integrator> integrators() {
        return named.query("""
                SELECT DISTINCT e.integrator_id, COALESCE(i.name, e.integrator_id) AS name
                FROM analytics.escrows e LEFT JOIN integrators i ON i.integrator_id = e.integrator_id
                ORDER BY 2, 1""", Map.of(), (row, n) -> new Integrator(row.getString(1), row.getString(2)));
    }

    /** Payouts still owed more than was transferred, in one age bucket and currency. */
    public record UnreconciledPayouts(String currency, String ageBucket, long payouts, long outstandingAmount) {
    }

    /** {@code analytics.unreconciled_payouts_by_age}, for one integrator or (null) all, youngest bucket first. */
    public List<UnreconciledPayouts> unreconciledPayoutsByAge(String integratorId) {
        return named.query("""
                SELECT currency, age_bucket, sum(payouts), sum(outstanding_amount)
                FROM analytics.unreconciled_payouts_by_age
                WHERE (CAST(:integrator AS text) IS NULL OR integrator_id = :integrator)
                GROUP BY currency, age_bucket
                ORDER BY currency, array_position(ARRAY['under_1_day', '1_to_3_days', '3_to_7_days', 'over_7_days'],
                                                  age_bucket)""",
                new java.util.HashMap<>(java.util.Collections.singletonMap("integrator", integratorId)),
                (row, n) -> new UnreconciledPayouts(row.getString(1), row.getString(2), row.getLong(3),
                        row.getLong(4)));
    }

    @FunctionalInterface
    public interface RowSink {
        void accept(String[] values);
    }

    private Map<String, Long> counts(String sql, Map<String, Object> params) {
        Map<String, Long> counts = new LinkedHashMap<>();
        named.query(sql, params, (RowCallbackHandler) row -> counts.put(row.getString(1), row.getLong(2)));
        return counts;
    }

    private Percentiles percentiles(String seconds, String from, Map<String, Object> params) {
        return named.queryForObject("""
                SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY %1$s),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY %1$s),
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY %1$s)
                %2$s""".formatted(seconds, from), params,
                (row, n) -> new Percentiles(row.getLong(1), nullableDouble(row, 2), nullableDouble(row, 3),
                        nullableDouble(row, 4)));
    }

    private static Double nullableDouble(ResultSet row, int column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? null : value;
    }
}
