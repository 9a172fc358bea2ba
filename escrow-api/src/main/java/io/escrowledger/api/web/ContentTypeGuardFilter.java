package io.escrowledger.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Bodies are JSON in UTF-8 and nothing else. A POST, PUT or PATCH that names its Content-Type must name
 * {@code application/json}, with no parameter but {@code charset=utf-8} (any case): Spring would also read
 * {@code application/merge-patch+json} or any {@code application/*+json} and decode a body by another charset. Any
 * other request may name one media type, but no wildcard ({@code *}{@code /*}, {@code application/*}), which makes
 * Spring fail with a 500 before any handler runs. All of that is {@code 415 unsupported_media_type}, after the
 * signature check (so an unsigned request is still told 401 first). A byte order mark is refused where the JSON is
 * read ({@link JsonBodyAdvice}).
 */
@Component
@Order(FilterOrder.CONTENT_TYPE)
public class ContentTypeGuardFilter extends RefusingFilter {

    private static final Set<String> METHODS_WITH_BODIES = Set.of("POST", "PUT", "PATCH");

    public ContentTypeGuardFilter(JsonMapper json) {
        super(json);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        boolean takesBody = METHODS_WITH_BODIES.contains(request.getMethod());
        if (contentType != null && !(takesBody ? isJsonInUtf8(contentType) : isOneMediaType(contentType))) {
            refuse(response, ApiError.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json, "
                    + "with no parameter but charset=utf-8: bodies are JSON in UTF-8", request);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isOneMediaType(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (IllegalArgumentException unreadable) {
            return false;
        }
    }

    private static boolean isJsonInUtf8(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            Map<String, String> parameters = type.getParameters();
            String charset = parameters.get("charset");
            boolean onlyUtf8Charset = parameters.isEmpty()
                                      || (parameters.size() == 1 && charset != null
                                          && unquoted(charset).equalsIgnoreCase("utf-8"));
            return type.getType().equals("application") && type.getSubtype().equals("json") && onlyUtf8Charset;
        } catch (IllegalArgumentException unreadable) { // InvalidMediaTypeException, an unknown charset among them
            return false;
        }
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
