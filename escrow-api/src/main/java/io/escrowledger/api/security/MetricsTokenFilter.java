package io.escrowledger.api.security;

import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * Guards /actuator/prometheus with a bearer token of its own (ESCROW_METRICS_TOKEN). The API port faces integrators
 * on the internet, and the metrics tell how busy the service is and who fails to authenticate; the scraper gets a
 * token that opens nothing else, rather than the admin token. Without a configured token the endpoint answers 404.
 * The health probes stay open: they say nothing but UP or DOWN, and probes carry no credentials.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class MetricsTokenFilter extends OncePerRequestFilter {

    static final String PATH = "/actuator/prometheus";

    private final SecurityProperties properties;
    private final JsonMapper json;
    private final AuthenticationFailures failures;

    public MetricsTokenFilter(SecurityProperties properties, JsonMapper json, AuthenticationFailures failures) {
        this.properties = properties;
        this.json = json;
        this.failures = failures;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath();
        return !(path.equals(PATH) || path.startsWith(PATH + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!properties.metricsEnabled()) {
            Problems.write(response, json, ApiError.NOT_FOUND, "Not found", request);
            return;
        }
        String authorization = request.getHeader("Authorization");
        String presented = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).trim() : "";
        if (!RequestSignature.matches(properties.metricsToken(), presented)) {
            failures.record(ApiError.INVALID_METRICS_TOKEN);
            response.setHeader("WWW-Authenticate", "Bearer");
            Problems.write(response, json, ApiError.INVALID_METRICS_TOKEN,
                    "The metrics endpoint needs Authorization: Bearer <ESCROW_METRICS_TOKEN>", request);
            return;
        }
        chain.doFilter(request, response);
    }
}
