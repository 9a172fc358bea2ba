package io.escrowledger.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses any request whose path is not already in canonical form: no percent-escapes, no {@code ;parameters}, no
 * {@code .} or {@code ..} segments, no empty segments. No route or id of this API needs them, and they are how a path
 * can look like one thing to a filter ({@code /admin;x/...}, {@code /%61dmin/...}) and route as another. With this
 * guard first, the path every later filter sees is the path Spring routes. For the same reason a query string names
 * each parameter once: no parameter of this API is a list, and {@code limit=1&limit=2} would be read as one of the two
 * without saying which.
 */
@Component
@Order(FilterOrder.PATH_GUARD)
public class PathGuardFilter extends RefusingFilter {

    private static final Pattern CANONICAL = Pattern.compile("(/[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]*)*/?");

    public PathGuardFilter(JsonMapper json) {
        super(json);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        if (!CANONICAL.matcher(path).matches() || path.contains("/..") || path.contains("/./")) {
            refuse(response, ApiError.MALFORMED_REQUEST, "The path must be plain: no percent-escapes, "
                    + "';' parameters, '.' or '..' segments or empty segments", request);
            return;
        }
        if (namesAParameterTwice(request.getQueryString())) {
            refuse(response, ApiError.MALFORMED_REQUEST, "Each query parameter may be given once",
                    request);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Read from the raw query string: asking the request for its parameters would consume a form body. */
    private static boolean namesAParameterTwice(String query) {
        if (query == null) {
            return false;
        }
        Set<String> names = new HashSet<>();
        for (String pair : query.split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            try {
                name = URLDecoder.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException badEscape) {
                // Left as sent: the query string's own check refuses it later.
            }
            if (!name.isEmpty() && !names.add(name)) {
                return true;
            }
        }
        return false;
    }
}
