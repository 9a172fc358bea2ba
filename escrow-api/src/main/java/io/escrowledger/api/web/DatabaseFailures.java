package io.escrowledger.api.web;

import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells the database's failures that a caller may retry from any other failure (a bug or a refusal): PostgreSQL
 * unable to serve (no connection could be had, the connection broke, or the server ran out of resources: Spring's
 * DataAccessResourceFailureException), answered 503 service_unavailable; and a race lost to another transaction,
 * which CommandDispatcher runs again and answers 409 concurrent_modification only once its retries are spent.
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

    /**
     * Another node appended to the same aggregate first, or the database chose this transaction as a deadlock's
     * victim: either way the whole transaction was rolled back and running the command again is safe. The one rule for
     * both the retry (CommandDispatcher) and the answer (ApiError).
     */
    public static boolean lostRace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException || cause instanceof PessimisticLockingFailureException) {
                return true;
            }
        }
        return false;
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
