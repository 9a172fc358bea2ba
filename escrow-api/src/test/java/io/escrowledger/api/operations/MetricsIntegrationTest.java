package io.escrowledger.api.operations;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Patience;
import io.escrowledger.api.support.Seed;
import io.escrowledger.api.support.TestReceiver;
import io.escrowledger.projections.analytics.AnalyticsReplay;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /actuator/prometheus: guarded by its own token, and counting what the service does. */
class MetricsIntegrationTest extends IntegrationTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");

    @Autowired
    private EventProcessingConfiguration processing;

    @Autowired
    private AnalyticsReplay replay;

    @Test
    void onlyTheMetricsTokenOpensTheScrape() {
        ApiClient.Response anonymous = api.send(api.request("/actuator/prometheus"));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("code").asString()).isEqualTo("invalid_metrics_token");
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(scrapeWith(ADMIN_TOKEN).status()).as("the admin token is not the metrics token").isEqualTo(401);

        ApiClient.Response scrape = scrapeWith(METRICS_TOKEN);
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.header("Content-Type")).startsWith("text/plain");
        // The probes need no credentials at all.
        assertThat(api.send(api.request("/actuator/health/liveness")).status()).isEqualTo(200);
        assertThat(api.send(api.request("/actuator/health/readiness")).status()).isEqualTo(200);
    }

    @Test
    void commandsRefusalsAndWebhooksAreCounted() throws Exception {
        ApiClient integrator = new Admin(api).newIntegrator("Metrics " + System.nanoTime());
        Map<String, String> created = Map.of("command", "CreateEscrowCommand", "outcome", "success");
        Map<String, String> refused = Map.of("command", "ReleaseFundsCommand", "outcome", "invalid_state_transition");
        Map<String, String> badSignature = Map.of("reason", "invalid_signature");
        Map<String, String> delivered = Map.of("outcome", "delivered");
        String before = scrape();

        try (TestReceiver receiver = new TestReceiver()) {
            assertThat(integrator.post("/v1/webhook-endpoints", "{\"url\": \"" + receiver.url() + "\"}").status())
                    .isEqualTo(201);
            ApiClient.Response escrow = integrator.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId()));
            assertThat(escrow.status()).isEqualTo(201);
            String escrowId = escrow.json().get("id").asString();
            assertThat(integrator.post("/v1/escrows/" + escrowId + "/release", null).status()).isEqualTo(409);
            assertThat(integrator.as(API_KEY, "sk_not_the_secret").get("/v1/escrows").status()).isEqualTo(401);

            await().atMost(Patience.BACKGROUND).until(() -> receiver.accepted().size() == 1);
            // The webhook names the request that caused its event.
            assertThat(receiver.accepted().get(0).header("x-request-id")).isEqualTo(escrow.header("X-Request-Id"));
        }
        // The worker counts a delivery just after the receiver answered.
        await().atMost(Patience.BACKGROUND).until(() -> value(scrape(), "escrow_webhook_deliveries_total", delivered)
                                             > value(before, "escrow_webhook_deliveries_total", delivered));

        String after = scrape();
        assertThat(value(after, "escrow_commands_seconds_count", created))
                .isEqualTo(value(before, "escrow_commands_seconds_count", created) + 1);
        assertThat(value(after, "escrow_commands_seconds_count", refused))
                .isEqualTo(value(before, "escrow_commands_seconds_count", refused) + 1);
        assertThat(value(after, "escrow_auth_failures_total", badSignature))
                .isEqualTo(value(before, "escrow_auth_failures_total", badSignature) + 1);
        assertThat(value(after, "http_server_requests_seconds_count",
                Map.of("method", "POST", "uri", "/v1/escrows/{escrowId}/release", "status", "409"))).isPositive();
        assertThat(sample(after, "escrow_dead_letters", Map.of("queue", "webhooks"))).isPresent();
        for (String reason : new String[] {"missing_credentials", "invalid_api_key", "timestamp_out_of_window",
                                           "nonce_reused", "invalid_signature", "invalid_admin_token"}) {
            assertThat(sample(after, "escrow_auth_failures_total", Map.of("reason", reason))).as(reason).isPresent();
        }
    }

    /**
     * Nothing follows the event store in the background any more, so the only lag is a rebuild's: the analytics
     * gauge counts the events a running rebuild still has to replay, and is 0 once it is done and the rows are back.
     */
    @Test
    void processorLagCountsTheEventsARebuildStillHasToReplay() {
        assertThat(processing.eventProcessors().values()).allSatisfy(processor ->
                assertThat(processor).isInstanceOf(SubscribingEventProcessor.class));
        String escrow = api.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).json().get("id")
                           .asString();
        Map<String, String> analytics = Map.of("processor", "analytics");
        assertThat(value(scrape(), "escrow_processor_lag", analytics)).isZero();

        assertThat(replay.start()).isTrue();
        assertThat(replay.remaining()).as("a replay that has just started has the whole store ahead").isPositive();

        await().atMost(Patience.BACKGROUND).until(() -> value(scrape(), "escrow_processor_lag", analytics) == 0);
        await().atMost(Patience.BACKGROUND).until(() -> jdbc.sql("SELECT count(*) FROM analytics.escrows WHERE escrow_id = ?")
                                                 .param(escrow).query(Long.class).single() == 1);
        assertThat(scrape()).doesNotContain("processor=\"escrow-read-model\"");
    }

    private ApiClient.Response scrapeWith(String token) {
        return api.send(api.request("/actuator/prometheus").header("Authorization", "Bearer " + token));
    }

    private String scrape() {
        ApiClient.Response response = scrapeWith(METRICS_TOKEN);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    /** The sample's value, or 0 when the series does not exist yet (a counter not yet incremented). */
    private static double value(String scrape, String name, Map<String, String> tags) {
        return sample(scrape, name, tags).orElse(0.0);
    }

    /** The value of the series of this name whose labels include all of {@code tags}. */
    private static Optional<Double> sample(String scrape, String name, Map<String, String> tags) {
        for (String line : scrape.lines().toList()) {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches() || !sample.group(1).equals(name)) {
                continue;
            }
            String labels = sample.group(3) == null ? "" : sample.group(3);
            if (tags.entrySet().stream().allMatch(tag -> labels.contains(tag.getKey() + "=\"" + tag.getValue() + "\""))) {
                return Optional.of(Double.parseDouble(sample.group(4)));
            }
        }
        return Optional.empty();
    }
}
