package io.escrowledger.api.web;

/** The routes integrators call with signed requests: the canonical /v1 API and the /subcent compatibility API. */
public final class IntegratorRoutes {

    private IntegratorRoutes() {
    }

    public static boolean covers(String servletPath) {
        return servletPath.equals("/v1") || servletPath.startsWith("/v1/")
               || servletPath.equals("/subcent") || servletPath.startsWith("/subcent/");
    }
}
