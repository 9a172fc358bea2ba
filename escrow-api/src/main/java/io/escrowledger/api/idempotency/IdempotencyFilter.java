package io.escrowledger.api.idempotency;

import io.escrowledger.api.command.RequestTransactionFilter;
import io.escrowledger.api.security.CachedBodyRequest;
import io.escrowledger.api.security.SignedRequestFilter;
import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.FilterOrder;
import io.escrowledger.api.web.IntegratorRoutes;
import io.escrowledger.api.web.Problems;
import io.escrowledger.api.web.RequestContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
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
@Order(FilterOrder.IDEMPOTENCY)
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Pattern KEY_FORMAT = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final IdempotencyStore store;
    private final JsonMapper json;

    public IdempotencyFilter(IdempotencyStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
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
        ContentCachingResponseWrapper answer = WebUtils.getNativeResponse(response,
                ContentCachingResponseWrapper.class);
        if (answer == null) {
            throw new IllegalStateException("Idempotency needs the answer the request transaction holds back");
        }

        // The claim, the command it guards and the answer to replay commit together or not at all, in the request's
        // transaction (RequestTransactionFilter): a request cut off anywhere (the database gone, the node killed)
        // leaves no claim behind, so its retry simply runs again, and an answer the client may never have seen is
        // always the one replayed.
        Optional<IdempotencyStore.Stored> earlier;
        try {
            earlier = store.claim(integratorId, key, request.getMethod(), path, hash);
        } catch (IdempotencyStore.StillRunning stillRunning) {
            // Its retry is this same request, which its key answers once the first is done: its nonce need not stay.
            RequestTransactionFilter.keepNothing(request);
            Problems.write(response, json, ApiError.REQUEST_IN_PROGRESS,
                    "The first request with this Idempotency-Key is still running: retry in a moment", request);
            return;
        }
        if (earlier.isPresent()) {
            answerFromEarlier(earlier.get(), request, response, path, hash);
            return;
        }
        chain.doFilter(request, response);
        if (answer.getStatus() >= 500) {
            store.release(integratorId, key); // no answer worth repeating: a retry may run it again
        } else {
            store.complete(integratorId, key, answer.getStatus(), answer.getContentType(),
                    answer.getHeader(HttpHeaders.LOCATION), answer.getContentAsByteArray());
        }
    }

    private void answerFromEarlier(IdempotencyStore.Stored earlier, HttpServletRequest request,
                                   HttpServletResponse response, String path, String hash) throws IOException {
        if (!earlier.sameRequest(request.getMethod(), path, hash)) {
            Problems.write(response, json, ApiError.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was used for "
                    + "another request (" + earlier.requestMethod() + " " + earlier.requestPath()
                    + " with another body): use a new key for a new request", request);
            return;
        }
        if (!earlier.completed()) { // not written by this version, which commits a claim only with its answer
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
