package io.escrowledger.api.web;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure caused by PostgreSQL being unable to serve (no connection could be had, the connection broke, or
 * the server ran out of resources: Spring's DataAccessResourceFailureException) from any other failure: the first is
 * answered 503 service_unavailable, which the caller may retry; the second is a bug or a refusal.
 */
public final class DatabaseFailures {

    public static final String DETAIL = "The database is unavailable; retry shortly";

    private static final String HIKARI_CLOSED_CONNECTION = "Connection is closed";

    private static final Logger log = LoggerFactory.getLogger(DatabaseFailures.class);

    private DatabaseFailures() {
    }

    /** One line per refused request rather than a stack trace each while an outage lasts. */
    public static void warn(Throwable failure, HttpServletRequest request) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        log.warn("Database unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), root.toString());
    }

    public static boolean unavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
                || cause instanceof SQLTransientConnectionException
                || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            // Raw driver errors (Axon's own JDBC code does not translate them): class 08 is "connection exception",
            // 57P0x the server shutting down, restarting or not accepting connections yet.
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
            // Hikari closes a connection that broke mid-transaction; code still holding it (db-scheduler's, say) then
            // gets this, with no SQLState.
            if (cause instanceof SQLException sql && sql.getSQLState() == null
                && HIKARI_CLOSED_CONNECTION.equals(sql.getMessage())) {
                return true;
            }
        }
        return false;
    }
}
