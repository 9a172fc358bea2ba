package io.escrowledger.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * Refuses a request whose Content-Type is not one media type: a wildcard ({@code *}{@code /*}, {@code application/*})
 * makes Spring fail with a 500 before any handler runs, and an unreadable one is refused by Spring anyway. Both are
 * {@code 415 unsupported_media_type}, after the signature check (so an unsigned request is still told 401 first).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 15)
public class ContentTypeGuardFilter extends OncePerRequestFilter {

    private final JsonMapper json;

    public ContentTypeGuardFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && !isOneMediaType(contentType)) {
            Problems.write(response, json, ApiError.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be one media type, "
                    + "application/json, not a wildcard", request);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isOneMediaType(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException unreadable) {
            return false;
        }
    }
}
