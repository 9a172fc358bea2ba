package io.escrowledger.api.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** Builds the RFC 9457 problem documents of every error, whether a controller or a filter refuses the request. */
public final class Problems {

    /** Relative to the service, so that the type resolves to the service's own copy of docs/errors.md. */
    public static final String TYPE_BASE = "/docs/errors#";

    private Problems() {
    }

    public static ProblemDetail of(ApiError error, String detail, HttpServletRequest request, Map<String, ?> extra) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(error.status(), detail);
        problem.setType(URI.create(TYPE_BASE + error.code()));
        problem.setTitle(error.title());
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("code", error.code());
        RequestContext.requestId(request).ifPresent(requestId -> problem.setProperty("request_id", requestId));
        extra.forEach(problem::setProperty);
        return problem;
    }

    /** Answers a request from a servlet filter, before Spring MVC (and its exception handlers) sees it. */
    public static void write(HttpServletResponse response, JsonMapper json, ApiError error, String detail,
                             HttpServletRequest request) throws IOException {
        response.setStatus(error.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), of(error, detail, request, Map.of()));
    }
}
