package io.escrowledger.projections.analytics;

import java.time.Instant;
import java.util.Map;

import static io.escrowledger.projections.support.SqlTime.toSql;

/**
 * Which escrows an analytics answer covers: those created in [{@code from}, {@code to}), of one integrator (or of
 * all, for operators: {@code integratorId} null), in one currency or all. Disputes and times count for those escrows.
 */
public record AnalyticsFilter(String integratorId, Instant from, Instant to, String currency) {

    /** The WHERE clause over {@code analytics.escrows} aliased {@code e}, and its named parameters. */
    String where(Map<String, Object> params) {
        return where(params, "e.created_at");
    }

    /** As {@link #where(Map)}, over a table aliased {@code e} whose time column is {@code createdAt}. */
    String where(Map<String, Object> params, String createdAt) {
        StringBuilder where = new StringBuilder("TRUE");
        if (integratorId != null) {
            where.append(" AND e.integrator_id = :integrator");
            params.put("integrator", integratorId);
        }
        if (from != null) {
            where.append(" AND ").append(createdAt).append(" >= :from");
            params.put("from", toSql(from));
        }
        if (to != null) {
            where.append(" AND ").append(createdAt).append(" < :to");
            params.put("to", toSql(to));
        }
        if (currency != null) {
            where.append(" AND e.currency = :currency");
            params.put("currency", currency);
        }
        return where.toString();
    }

}
