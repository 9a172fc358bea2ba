package io.escrowledger.api.security;

import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.FilterOrder;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.Collections;

/**
 * Guards /actuator/prometheus with a bearer token of its own (ESCROW_METRICS_TOKEN). The API port faces integrators
 * on the internet, and the metrics tell how busy the service is and who fails to authenticate; the scraper gets a
 * token that opens nothing else, rather than the admin token. Without a configured token the endpoint answers 404.
 * The health probes stay open: they say nothing but UP or DOWN, and probes carry no credentials.
 */
@Component
@Order(FilterOrder.AUTHENTICATION)
public class MetricsTokenFilter extends BearerTokenFilter {

    static final String PATH = "/actuator/prometheus";

    public MetricsTokenFilter(SecurityProperties properties, JsonMapper json, AuthenticationFailures failures) {
        super(PATH, Collections.singletonList(properties.metricsToken()), ApiError.INVALID_METRICS_TOKEN,
                "The metrics endpoint needs Authorization: Bearer <ESCROW_METRICS_TOKEN>", json, failures);
    }
}
