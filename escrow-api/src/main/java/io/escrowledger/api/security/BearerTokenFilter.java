package io.escrowledger.api.security;

import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.List;

/**
 * Guards the routes under one path with bearer tokens from configuration. With no token configured the routes do not
 * exist (404), so an unconfigured service offers nothing to guess at; a wrong token is 401 with the refusal's code.
 */
abstract class BearerTokenFilter extends OncePerRequestFilter {

    private final String path;
    private final List<String> accepted;
    private final ApiError refusal;
    private final String hint;
    private final JsonMapper json;
    private final AuthenticationFailures failures;

    /** {@code tokens}: those that open the routes; blank (unconfigured) ones are ignored. */
    BearerTokenFilter(String path, List<String> tokens, ApiError refusal, String hint, JsonMapper json,
                      AuthenticationFailures failures) {
        this.path = path;
        this.accepted = tokens.stream().filter(token -> token != null && !token.isBlank()).toList();
        this.refusal = refusal;
        this.hint = hint;
        this.json = json;
        this.failures = failures;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        return !(servletPath.equals(path) || servletPath.startsWith(path + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (accepted.isEmpty()) {
            Problems.write(response, json, ApiError.NOT_FOUND, "Not found", request);
            return;
        }
        String presented = bearerToken(request.getHeader("Authorization"));
        // Every configured token is compared, in constant time, so the answer's timing tells nothing.
        boolean matched = false;
        for (String token : accepted) {
            matched |= RequestSignature.matches(token, presented);
        }
        if (!matched) {
            failures.record(refusal);
            response.setHeader("WWW-Authenticate", "Bearer");
            Problems.write(response, json, refusal, hint, request);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The token of {@code Bearer <token>}, the scheme in any case (RFC 9110, section 11.1); empty for anything else. */
    static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length())) {
            return "";
        }
        return authorization.substring("Bearer ".length()).trim();
    }
}
