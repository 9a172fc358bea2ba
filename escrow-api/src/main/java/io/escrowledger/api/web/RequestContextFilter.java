package io.escrowledger.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id (echoed as X-Request-Id, logged, and stored in event metadata) and the integrator it acts
 * for. Until request signing lands, every request acts for the one local integrator of {@code escrow.local-integrator-id};
 * the signing filter will replace that assignment with the integrator its API key belongs to.
 */
@Component("escrowRequestContextFilter")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestContextFilter extends OncePerRequestFilter {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final Pattern CALLER_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final String localIntegratorId;

    public RequestContextFilter(@Value("${escrow.local-integrator-id}") String localIntegratorId) {
        this.localIntegratorId = localIntegratorId;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String callerRequestId = request.getHeader(REQUEST_ID_HEADER);
        String requestId = callerRequestId != null && CALLER_REQUEST_ID.matcher(callerRequestId).matches()
                ? callerRequestId
                : "req_" + UUID.randomUUID();
        request.setAttribute(RequestContext.ATTRIBUTE, new RequestContext(requestId, localIntegratorId, null));
        response.setHeader(REQUEST_ID_HEADER, requestId);
        MDC.put("request_id", requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("request_id");
        }
    }
}
