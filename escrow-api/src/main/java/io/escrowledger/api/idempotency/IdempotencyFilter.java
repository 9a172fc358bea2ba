package io.escrowledger.api.idempotency;

import io.escrowledger.api.web.IntegratorRoutes;
import io.escrowledger.api.security.CachedBodyRequest;
import io.escrowledger.api.security.SignedRequestFilter;
import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.Problems;
import io.escrowledger.api.web.RequestContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.WebUtils;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Makes every POST with an {@code Idempotency-Key} safe to retry: within the retention period the same key with the
 * same request answers the first response again (with {@code Idempotent-Replayed: true}) and runs nothing; the same
 * key with another request is 422 idempotency_key_reused; a duplicate arriving while the first still runs waits for it
 * (a few seconds at most, then 409 request_in_progress) and answers what it answered. Runs after the signature check,
 * so keys are per integrator.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Pattern KEY_FORMAT = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final IdempotencyStore store;
    private final JsonMapper json;
    private final PlatformTransactionManager transactions;

    public IdempotencyFilter(IdempotencyStore store, JsonMapper json, PlatformTransactionManager transactions) {
        this.store = store;
        this.json = json;
        this.transactions = transactions;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
               || !IntegratorRoutes.covers(request.getServletPath());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (!KEY_FORMAT.matcher(key).matches()) {
            Problems.write(response, json, ApiError.VALIDATION_FAILED,
                    "Idempotency-Key must be 1 to 255 visible ASCII characters", request);
            return;
        }
        String integratorId = RequestContext.of(request).integratorId();
        String path = SignedRequestFilter.pathWithQuery(request);
        CachedBodyRequest signed = WebUtils.getNativeRequest(request, CachedBodyRequest.class);
        if (signed == null) {
            throw new IllegalStateException("Idempotency needs the body the signature filter read");
        }
        String hash = signed.bodySha256();

        // The claim, the command it guards and the answer to replay commit together or not at all: a request cut off
        // anywhere (the database gone, the node killed) leaves no claim behind, so its retry simply runs again, and an
        // answer the client may never have seen is always the one replayed.
        TransactionStatus transaction = transactions.getTransaction(TransactionDefinition.withDefaults());
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        try {
            Optional<IdempotencyStore.Stored> earlier = store.claim(integratorId, key, request.getMethod(), path,
                    hash);
            if (earlier.isPresent()) {
                transactions.rollback(transaction); // it wrote nothing worth keeping
                answerFromEarlier(earlier.get(), request, response, path, hash);
                return;
            }
            chain.doFilter(request, captured);
            if (captured.getStatus() >= 500) {
                transactions.rollback(transaction); // no answer worth repeating: a retry may run it again
            } else {
                store.complete(integratorId, key, request.getMethod(), path, hash, captured.getStatus(),
                        captured.getContentType(), captured.getHeader(HttpHeaders.LOCATION),
                        captured.getContentAsByteArray());
                transactions.commit(transaction);
            }
        } catch (RuntimeException | ServletException | IOException failure) {
            if (!transaction.isCompleted()) {
                transactions.rollback(transaction);
            }
            // Nothing of the answer was sent yet: the failure is answered instead (DatabaseUnavailableFilter's 503).
            captured.resetBuffer();
            throw failure;
        }
        captured.copyBodyToResponse();
    }

    private void answerFromEarlier(IdempotencyStore.Stored earlier, HttpServletRequest request,
                                   HttpServletResponse response, String path, String hash) throws IOException {
        if (!earlier.sameRequest(request.getMethod(), path, hash)) {
            Problems.write(response, json, ApiError.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was used for "
                    + "another request (" + earlier.requestMethod() + " " + earlier.requestPath()
                    + " with another body): use a new key for a new request", request);
            return;
        }
        if (!earlier.completed()) {
            Problems.write(response, json, ApiError.REQUEST_IN_PROGRESS,
                    "The first request with this Idempotency-Key is still running: retry in a moment", request);
            return;
        }
        response.setStatus(earlier.responseStatus());
        if (earlier.responseType() != null) {
            response.setContentType(earlier.responseType());
        }
        if (earlier.responseLocation() != null) {
            response.setHeader(HttpHeaders.LOCATION, earlier.responseLocation());
        }
        response.setHeader(REPLAYED_HEADER, "true");
        response.getOutputStream().write(earlier.responseBody() == null ? new byte[0] : earlier.responseBody());
    }
}
