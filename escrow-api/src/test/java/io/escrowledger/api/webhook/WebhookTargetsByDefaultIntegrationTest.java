package io.escrowledger.api.webhook;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the default settings (https only, no private targets), a webhook URL that leads inside the service's network
 * is refused when an endpoint is registered or changed, whichever way its address is written.
 */
@TestPropertySource(properties = {"escrow.webhooks.allow-http=false", "escrow.webhooks.allow-private-targets=false"})
// Closed after the class: a second node left running on the shared database would keep its connections and claim
// webhook and deadline work the next tests expect their own node to do.
@DirtiesContext
class WebhookTargetsByDefaultIntegrationTest extends IntegrationTest {

    private static final List<String> INSIDE = List.of("https://192.0.0.192/hooks", "https://168.63.129.16/hooks",
            "https://198.18.0.1/hooks", "https://255.255.255.255/hooks", "https://[64:ff9b:1::a9fe:a9fe]/hooks",
            "https://[::ffff:0:7f00:1]/hooks", "https://0177.0.0.1/hooks", "https://2130706433/hooks",
            "https://169.254.169.254/latest/meta-data", "https://[::ffff:127.0.0.1]/hooks",
            "https://[2002:a9fe:a9fe::1]/hooks", "https://localhost/hooks");

    @Test
    void urlsThatLeadInsideAreRefusedOnRegistrationAndChange() {
        ApiClient integrator = new Admin(api).newIntegrator("Targets " + System.nanoTime());
        ApiClient.Response created = integrator.post("/v1/webhook-endpoints", "{\"url\": \"https://93.184.216.34/hooks\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String endpoint = "/v1/webhook-endpoints/" + created.json().get("id").asString();

        for (String url : INSIDE) {
            String body = "{\"url\": \"" + url + "\"}";
            for (ApiClient.Response refused : List.of(integrator.post("/v1/webhook-endpoints", body),
                    integrator.call("PATCH", endpoint, body, java.util.Map.of()))) {
                assertThat(refused.status()).as(url).isEqualTo(422);
                assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("url");
            }
        }
        assertThat(integrator.get("/v1/webhook-endpoints").json().get("data")).hasSize(1);
        assertThat(integrator.get(endpoint).json().get("url").asString()).isEqualTo("https://93.184.216.34/hooks");
    }
}
