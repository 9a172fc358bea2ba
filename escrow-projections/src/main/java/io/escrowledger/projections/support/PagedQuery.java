package io.escrowledger.projections.support;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A list query read one page at a time: a condition for each filter the caller gives, named parameters, and one row
 * more than the page holds, which tells whether there is more. Conditions are the caller's text, never input.
 */
public final class PagedQuery {

    /** A page's rows, and whether more follow them. */
    public record Slice<T>(List<T> rows, boolean hasMore) {
    }

    private final StringBuilder sql;
    private final Map<String, Object> params = new LinkedHashMap<>();

    /** @param select the query up to its first condition, e.g. {@code SELECT ... FROM t WHERE owner = :owner} */
    public PagedQuery(String select) {
        this.sql = new StringBuilder(select);
    }

    /** Adds {@code AND condition}. */
    public PagedQuery and(String condition) {
        sql.append(" AND ").append(condition);
        return this;
    }

    /**
     * Adds {@code AND condition} with its one parameter, when the filter was given: a null value, or an empty
     * collection, is no filter.
     */
    public PagedQuery and(String condition, String name, Object value) {
        boolean absent = value == null || value instanceof Collection<?> values && values.isEmpty();
        return absent ? this : and(condition).param(name, value);
    }

    public PagedQuery param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    public <T> Slice<T> page(JdbcClient jdbc, String orderBy, int limit, RowMapper<T> rows) {
        sql.append(" ORDER BY ").append(orderBy).append(" LIMIT :limit");
        params.put("limit", limit + 1);
        List<T> read = jdbc.sql(sql.toString()).params(params).query(rows).list();
        boolean hasMore = read.size() > limit;
        return new Slice<>(hasMore ? read.subList(0, limit) : read, hasMore);
    }
}
