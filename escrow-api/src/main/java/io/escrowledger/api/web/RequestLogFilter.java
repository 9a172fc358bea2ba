package io.escrowledger.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

import java.io.IOException;

/**
 * One log line per request, once it is answered: method, route, status and latency as structured fields, beside the
 * request id the MDC already carries (RequestIdFilter runs just before) and the integrator of a signed request. The
 * route is the matched template ({@code /v1/escrows/{escrowId}}), never the raw path, so ids stay out of it; requests
 * no route matched (refused by a filter, or unknown) are {@code unmatched}. Headers and bodies are never logged: they
 * carry signatures, tokens and secrets. Probes and scrapes (/actuator) are logged at DEBUG, not to drown the rest.
 */
@Component
@Order(FilterOrder.REQUEST_LOG)
public class RequestLogFilter extends OncePerRequestFilter {

    static final String UNMATCHED = "unmatched";
    private static final Logger log = LoggerFactory.getLogger(RequestLogFilter.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            // An exception escaping here becomes the container's 500; the response does not say so yet.
            int status = failed ? 500 : response.getStatus();
            long latencyMs = (System.nanoTime() - started) / 1_000_000;
            String route = route(request);
            LoggingEventBuilder line = request.getRequestURI().startsWith("/actuator/") ? log.atDebug() : log.atInfo();
            RequestContext.find(request).ifPresent(context -> line.addKeyValue("integrator_id", context.integratorId()));
            line.addKeyValue("method", request.getMethod())
                .addKeyValue("route", route)
                .addKeyValue("status", status)
                .addKeyValue("latency_ms", latencyMs)
                .log("{} {} {} {} ms", request.getMethod(), route, status, latencyMs);
        }
    }

    static String route(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        // "/**" is the static-resource fallback every unknown path matches.
        return pattern == null || "/**".equals(pattern) ? UNMATCHED : pattern.toString();
    }
}
