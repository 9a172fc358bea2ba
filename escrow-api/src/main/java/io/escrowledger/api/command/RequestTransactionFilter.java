package io.escrowledger.api.command;

import io.escrowledger.api.security.NonceStore;
import io.escrowledger.api.web.FilterOrder;
import io.escrowledger.api.web.RequestContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.util.Set;

/**
 * One database transaction, and so one commit, per signed request that changes something: the nonce is spent, the idempotency key claimed,
 * the command run (Axon's unit of work joins this transaction), the read models written and the answer read, all on
 * one connection, and committed together before a byte of the answer is sent. A refusal keeps the nonce and the
 * idempotency record but none of the work ({@link RequestSavepointFilter}). A request cut off by a failure (the
 * database gone, say) leaves nothing, not even its nonce: it never took effect, and its retry runs afresh.
 * <p>
 * The answer is held until the commit: were it sent first, a commit that then failed would leave the caller believing
 * in a change that never happened.
 */
@Component
@Order(FilterOrder.TRANSACTION)
public class RequestTransactionFilter extends OncePerRequestFilter {

    /** Reads run on their own: each query sees the latest commits, audit and analytics reads take their snapshot. */
    private static final Set<String> READS = Set.of("GET", "HEAD");
    private static final String KEEP_NOTHING = RequestTransactionFilter.class.getName() + ".keepNothing";

    private final PlatformTransactionManager transactions;
    private final NonceStore nonces;

    public RequestTransactionFilter(PlatformTransactionManager transactions, NonceStore nonces) {
        this.transactions = transactions;
        this.nonces = nonces;
    }

    /**
     * The request's transaction is rolled back whole, its nonce included, and the answer sent all the same: for an
     * answer given after the database aborted the transaction (a lock wait that timed out).
     */
    public static void keepNothing(HttpServletRequest request) {
        request.setAttribute(KEEP_NOTHING, true);
    }

    /** Only requests the signature filter authenticated: every other is refused or answered without the database. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return RequestContext.find(request).isEmpty();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (READS.contains(request.getMethod())) {
            if (nonces.spendOrRefuse(request, response)) {
                chain.doFilter(request, response);
            }
            return;
        }
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        TransactionStatus transaction = transactions.getTransaction(TransactionDefinition.withDefaults());
        try {
            if (!nonces.spendOrRefuse(request, response)) {
                transactions.rollback(transaction);
                return;
            }
            chain.doFilter(request, answer);
            if (request.getAttribute(KEEP_NOTHING) != null) {
                transactions.rollback(transaction);
            } else {
                transactions.commit(transaction);
            }
        } catch (RuntimeException | ServletException | IOException | Error failure) {
            if (!transaction.isCompleted()) {
                transactions.rollback(transaction);
            }
            answer.resetBuffer(); // nothing was sent: the failure is answered instead (DatabaseUnavailableFilter)
            throw failure;
        }
        answer.copyBodyToResponse();
    }
}
