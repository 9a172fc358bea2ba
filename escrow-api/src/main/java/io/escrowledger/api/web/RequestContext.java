package io.escrowledger.api.web;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * Who is calling and which request this is. The request id is attached first ({@link RequestIdFilter}); the
 * integrator and key once the request's signature is verified. Every command carries it into its events' metadata.
 *
 * @param requestId    the caller's X-Request-Id when it is well formed, otherwise one of ours
 * @param integratorId the integrator the request acts for; every resource it reads or changes belongs to it
 * @param apiKey       the API key that signed the request
 */
public record RequestContext(String requestId, String integratorId, String apiKey) {

    private static final String REQUEST_ID = RequestContext.class.getName() + ".requestId";
    private static final String CONTEXT = RequestContext.class.getName();

    static void attachRequestId(HttpServletRequest request, String requestId) {
        request.setAttribute(REQUEST_ID, requestId);
    }

    public static Optional<String> requestId(HttpServletRequest request) {
        return Optional.ofNullable((String) request.getAttribute(REQUEST_ID));
    }

    /** Called by the authentication filter once it knows the integrator. */
    public static void attach(HttpServletRequest request, String integratorId, String apiKey) {
        String requestId = requestId(request).orElseThrow(() -> new IllegalStateException("no request id"));
        request.setAttribute(CONTEXT, new RequestContext(requestId, integratorId, apiKey));
    }

    public static RequestContext of(HttpServletRequest request) {
        return find(request).orElseThrow(
                () -> new IllegalStateException("No authenticated integrator for " + request.getRequestURI()));
    }

    /** The context of a signed request; empty for any other (unsigned, refused, admin, actuator). */
    public static Optional<RequestContext> find(HttpServletRequest request) {
        return Optional.ofNullable((RequestContext) request.getAttribute(CONTEXT));
    }
}
