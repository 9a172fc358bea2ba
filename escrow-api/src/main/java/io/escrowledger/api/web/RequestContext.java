package io.escrowledger.api.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who is calling and which request this is. Set once per request by {@link RequestContextFilter}; every command
 * carries it into its events' metadata.
 *
 * @param requestId    the caller's X-Request-Id when it is well formed, otherwise one of ours
 * @param integratorId the integrator the request acts for; every resource it reads or changes belongs to it
 * @param apiKeyId     the API key that authenticated the request, or null while requests are not signed
 */
public record RequestContext(String requestId, String integratorId, String apiKeyId) {

    static final String ATTRIBUTE = RequestContext.class.getName();

    public static RequestContext of(HttpServletRequest request) {
        RequestContext context = (RequestContext) request.getAttribute(ATTRIBUTE);
        if (context == null) {
            throw new IllegalStateException("RequestContextFilter did not run for " + request.getRequestURI());
        }
        return context;
    }
}
