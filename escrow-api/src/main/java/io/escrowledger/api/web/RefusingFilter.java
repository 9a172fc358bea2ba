package io.escrowledger.api.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

/** A filter that may answer a request itself with a problem document, before Spring MVC (and its advice) sees it. */
abstract class RefusingFilter extends OncePerRequestFilter {

    private final JsonMapper json;

    RefusingFilter(JsonMapper json) {
        this.json = json;
    }

    void refuse(HttpServletResponse response, ApiError error, String detail, HttpServletRequest request)
            throws IOException {
        Problems.write(response, json, error, detail, request);
    }
}
