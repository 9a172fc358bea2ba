package io.escrowledger.projections.support;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** PostgreSQL's JDBC driver speaks OffsetDateTime, not Instant. */
public final class SqlTime {

    private SqlTime() {
    }

    public static OffsetDateTime toSql(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * Instants as a text array, for {@code ?::timestamptz[]}: how a statement takes many rows' times at once (the
     * driver has no array type for OffsetDateTime). Null stays null.
     */
    public static String[] toSqlArray(List<Instant> instants) {
        return instants.stream().map(instant -> instant == null ? null : instant.toString()).toArray(String[]::new);
    }

    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
