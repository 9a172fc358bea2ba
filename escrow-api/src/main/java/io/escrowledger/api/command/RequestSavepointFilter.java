package io.escrowledger.api.command;

import io.escrowledger.api.web.FilterOrder;
import io.escrowledger.api.web.RequestContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import javax.sql.DataSource;

/**
 * Marks where a request's work begins in its transaction (RequestTransactionFilter), after its nonce and its
 * idempotency claim: a refused request ({@code 4xx}, {@code 5xx}) goes back to this point, so it changes nothing but
 * still spends its nonce and records the refusal its key will replay; and a command that lost a race with another
 * node is run again from here ({@link CommandDispatcher}). A GET takes its savepoint only when it sends a command
 * (a first recommendation records an event): a read has nothing to undo.
 */
@Component
@Order(FilterOrder.SAVEPOINT)
public class RequestSavepointFilter extends OncePerRequestFilter {

    private static final ThreadLocal<Work> CURRENT = new ThreadLocal<>();

    private final DataSource dataSource;

    public RequestSavepointFilter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return RequestContext.find(request).isEmpty() || !TransactionSynchronizationManager.isActualTransactionActive();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Work work = new Work(DataSourceUtils.getConnection(dataSource));
        if (!"GET".equals(request.getMethod())) {
            work.begin();
        }
        CURRENT.set(work);
        try {
            chain.doFilter(request, response);
            if (response.getStatus() >= 400) {
                work.undo();
            }
        } finally {
            CURRENT.remove();
        }
    }

    /**
     * Makes sure the current request's work can be undone from here on: called before each command. Outside a
     * request (a deadline, say) Axon's unit of work has a transaction of its own, which it rolls back itself.
     */
    static void ensureSavepoint() {
        Work work = CURRENT.get();
        if (work != null) {
            work.begin();
        }
    }

    /** Undoes the current request's work so far, keeping its savepoint for what comes next; false outside a request. */
    static boolean undoWork() {
        Work work = CURRENT.get();
        return work != null && work.undo();
    }

    /** The savepoint of one request's work, on the connection of its transaction. */
    private static final class Work {
        private final Connection connection;
        private Savepoint savepoint;

        Work(Connection connection) {
            this.connection = connection;
        }

        void begin() {
            if (savepoint == null) {
                try {
                    savepoint = connection.setSavepoint();
                } catch (SQLException e) {
                    throw new IllegalStateException("Cannot mark the request's work", e);
                }
            }
        }

        boolean undo() {
            if (savepoint == null) {
                return false;
            }
            try {
                connection.rollback(savepoint);
                return true;
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot undo the request's work", e);
            }
        }
    }
}
