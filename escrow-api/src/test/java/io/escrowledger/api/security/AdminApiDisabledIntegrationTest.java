package io.escrowledger.api.security;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without ESCROW_ADMIN_TOKEN the admin API does not exist, whatever token is presented; nor, without
 * ESCROW_METRICS_TOKEN, does the metrics endpoint.
 */
@TestPropertySource(properties = {"escrow.security.admin-token=", "escrow.security.metrics-token="})
// Closed after the class: a second node left running on the shared database would keep its connections and claim
// webhook and deadline work the next tests expect their own node to do.
@DirtiesContext
class AdminApiDisabledIntegrationTest extends IntegrationTest {

    @Test
    void adminRoutesAreNotFoundWhenNoTokenIsConfigured() {
        var response = new Admin(api).post("/admin/v1/integrators", "{\"name\": \"x\"}", "");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("code").asString()).isEqualTo("not_found");
        assertThat(new Admin(api).post("/admin/v1/integrators", "{\"name\": \"x\"}", ADMIN_TOKEN).status()).isEqualTo(404);
    }

    @Test
    void metricsAreNotFoundWhenNoTokenIsConfigured() {
        var response = api.send(api.request("/actuator/prometheus").header("Authorization", "Bearer " + METRICS_TOKEN));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("code").asString()).isEqualTo("not_found");
        assertThat(api.send(api.request("/actuator/health/readiness")).status()).isEqualTo(200);
    }
}
