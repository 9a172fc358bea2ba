package io.escrowledger.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id, first of all: echoed as X-Request-Id, put in the logs' MDC, shown in problem documents
 * and stored in the metadata of every event the request causes. A caller's well-formed X-Request-Id is kept.
 */
@Component
@Order(FilterOrder.REQUEST_ID)
public class RequestIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern CALLER_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String callerRequestId = request.getHeader(HEADER);
        String requestId = callerRequestId != null && CALLER_REQUEST_ID.matcher(callerRequestId).matches()
                ? callerRequestId
                : "req_" + UUID.randomUUID();
        RequestContext.attachRequestId(request, requestId);
        response.setHeader(HEADER, requestId);
        MDC.put("request_id", requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("request_id");
        }
    }
}
