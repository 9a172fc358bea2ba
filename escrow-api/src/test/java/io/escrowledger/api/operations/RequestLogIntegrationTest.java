package io.escrowledger.api.operations;

import io.escrowledger.api.EscrowApplication;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Patience;
import io.escrowledger.api.support.Seed;
import io.escrowledger.api.support.TestReceiver;
import io.escrowledger.projections.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's own output, from start to stop, through a flow that handles every kind of secret: it logs one JSON
 * line per request with the request id and route, and never a secret, token or signature.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestLogIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void requestsAreLoggedAsJsonWithoutAnySecret(CapturedOutput output) throws Exception {
        String unique = UUID.randomUUID().toString().replace("-", "");
        String bootstrapSecret = "sk_logcheck_bootstrap_" + unique;
        String adminToken = "admin_logcheck_" + unique;
        String metricsToken = "metrics_logcheck_" + unique;
        String analystToken = "analyst_logcheck_" + unique;
        String requestId = "req_logcheck_" + unique;
        // A key of its own: re-bootstrapping the shared test key with another secret would expire the shared one.
        String bootstrapKey = "ak_logcheck_" + unique;
        List<String> secrets = new ArrayList<>(List.of(bootstrapSecret, adminToken, metricsToken, analystToken));

        try (ConfigurableApplicationContext node = startNode(bootstrapKey, bootstrapSecret, adminToken,
                metricsToken, analystToken);
             TestReceiver receiver = new TestReceiver()) {
            int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
            ApiClient api = new ApiClient(port, bootstrapKey, bootstrapSecret);

            // A signed request whose signature the test knows.
            String body = Seed.createEscrow(Seed.uniqueExternalId());
            Map<String, String> signed = api.signatureHeaders("POST", "/v1/escrows", body.getBytes(StandardCharsets.UTF_8),
                    String.valueOf(Instant.now().getEpochSecond()), "nonce" + unique);
            secrets.add(signed.get("X-Signature"));
            ApiClient.Response created = api.call("POST", "/v1/escrows", body,
                    merge(signed, Map.of("X-Request-Id", requestId)));
            assertThat(created.status()).as(created.body()).isEqualTo(201);

            // The admin API hands out a new integrator's secret; a wrong token is refused.
            ApiClient.Response integrator = api.send(api.request("/admin/v1/integrators")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Log check\"}"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken));
            assertThat(integrator.status()).isEqualTo(201);
            secrets.add(integrator.json().get("api_secret").asString());
            String wrongToken = "wrong_admin_token_" + unique;
            secrets.add(wrongToken);
            assertThat(api.send(api.request("/admin/v1/integrators").GET()
                    .header("Authorization", "Bearer " + wrongToken)).status()).isEqualTo(401);
            // The analyst token opens the dashboard's data.
            assertThat(api.send(api.request("/dashboard/api/summary")
                    .header("Authorization", "Bearer " + analystToken)).status()).isEqualTo(200);

            // A webhook endpoint's secret, its rotation, and a delivery signed with it.
            ApiClient.Response endpoint = api.post("/v1/webhook-endpoints", "{\"url\": \"" + receiver.url() + "\"}");
            assertThat(endpoint.status()).isEqualTo(201);
            secrets.add(endpoint.json().get("secret").asString());
            String endpointId = endpoint.json().get("id").asString();
            ApiClient.Response rotated = api.post("/v1/webhook-endpoints/" + endpointId + "/rotate-secret", null);
            assertThat(rotated.status()).isEqualTo(200);
            secrets.add(rotated.json().get("secret").asString());
            assertThat(api.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).status()).isEqualTo(201);
            await().atMost(Patience.BACKGROUND).until(() -> !receiver.accepted().isEmpty());
            secrets.add(receiver.accepted().get(0).header("webhook-signature"));

            // Refused: a wrong signature, and a scrape (accepted) with the metrics token.
            ApiClient.Response forged = api.as(bootstrapKey, "sk_forged_" + unique).get("/v1/escrows");
            assertThat(forged.status()).isEqualTo(401);
            assertThat(api.send(api.request("/actuator/prometheus").header("Authorization", "Bearer " + metricsToken))
                          .status()).isEqualTo(200);
        }

        String logs = output.getAll();
        for (String secret : secrets) {
            assertThat(secret).isNotBlank();
            assertThat(logs).as("a secret in the logs").doesNotContain(secret);
        }
        // The webhook secrets' key material, without the whsec_ prefix, is not there either.
        secrets.stream().filter(s -> s.startsWith("whsec_"))
               .forEach(s -> assertThat(logs).doesNotContain(s.substring("whsec_".length())));
        assertThat(logs).doesNotContain("Bearer ").doesNotContainIgnoringCase("authorization:");

        JsonNode line = requestLine(logs, requestId);
        assertThat(line.get("route").asString()).isEqualTo("/v1/escrows");
        assertThat(line.get("method").asString()).isEqualTo("POST");
        assertThat(line.get("status").asInt()).isEqualTo(201);
        assertThat(line.get("latency_ms").isNumber()).isTrue();
        assertThat(line.get("integrator_id").asString()).startsWith("int_");
        assertThat(line.get("level").asString()).isEqualTo("INFO");
    }

    private static JsonNode requestLine(String logs, String requestId) {
        return logs.lines()
                   .filter(line -> line.startsWith("{") && line.contains(requestId))
                   .map(JSON::readTree)
                   .filter(json -> json.path("logger_name").asString("").endsWith("RequestLogFilter"))
                   .reduce((first, second) -> {
                       throw new AssertionError("two request lines for " + requestId);
                   })
                   .orElseThrow(() -> new AssertionError("no JSON request line for " + requestId));
    }

    private static ConfigurableApplicationContext startNode(String bootstrapKey, String bootstrapSecret,
                                                            String adminToken, String metricsToken,
                                                            String analystToken) {
        TestDatabase database = TestDatabase.shared();
        return new SpringApplicationBuilder(EscrowApplication.class)
                .run("--server.port=0",
                        "--spring.datasource.url=" + database.url(),
                        "--spring.datasource.username=" + database.user(),
                        "--spring.datasource.password=" + database.password(),
                        "--escrow.security.admin-token=" + adminToken,
                        "--escrow.security.metrics-token=" + metricsToken,
                        "--escrow.security.analyst-token=" + analystToken,
                        "--escrow.security.bootstrap-api-key=" + bootstrapKey,
                        "--escrow.security.bootstrap-api-secret=" + bootstrapSecret,
                        "--escrow.security.secrets-encryption-key=" + IntegrationTest.ENCRYPTION_KEY,
                        "--escrow.webhooks.allow-http=true",
                        "--escrow.webhooks.allow-private-targets=true",
                        "--escrow.deadlines.poll-interval=1h");
    }

    private static Map<String, String> merge(Map<String, String> first, Map<String, String> second) {
        Map<String, String> all = new HashMap<>(first);
        all.putAll(second);
        return all;
    }
}
