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
 * Guards /admin with the operator's bearer token (ESCROW_ADMIN_TOKEN). Without a configured token the admin API does
 * not exist: every /admin route answers 404, so an unconfigured service offers nothing to guess at.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class AdminTokenFilter extends OncePerRequestFilter {

    private final SecurityProperties properties;
    private final JsonMapper json;
    private final AuthenticationFailures failures;

    public AdminTokenFilter(SecurityProperties properties, JsonMapper json, AuthenticationFailures failures) {
        this.properties = properties;
        this.json = json;
        this.failures = failures;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath();
        return !(path.equals("/admin") || path.startsWith("/admin/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!properties.adminApiEnabled()) {
            Problems.write(response, json, ApiError.NOT_FOUND, "Not found", request);
            return;
        }
        String authorization = request.getHeader("Authorization");
        String presented = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).trim() : "";
        if (!RequestSignature.matches(properties.adminToken(), presented)) {
            failures.record(ApiError.INVALID_ADMIN_TOKEN);
            response.setHeader("WWW-Authenticate", "Bearer");
            Problems.write(response, json, ApiError.INVALID_ADMIN_TOKEN,
                    "The admin API needs Authorization: Bearer <ESCROW_ADMIN_TOKEN>", request);
            return;
        }
        chain.doFilter(request, response);
    }
}
