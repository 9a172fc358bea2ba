package io.escrowledger.api.webhook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.MisbehavingReceiver;
import io.escrowledger.api.support.OpenApiDocument;
import io.escrowledger.api.support.Patience;
import io.escrowledger.api.support.Seed;
import io.escrowledger.api.support.TestReceiver;
import io.escrowledger.projections.replay.ReadModelRebuild;
import io.escrowledger.projections.analytics.AnalyticsReplay;
import io.escrowledger.projections.webhook.delivery.WebhookDeliveryWorker;
import io.escrowledger.projections.webhook.WebhookEventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Webhooks to real HTTP receivers, verified with the Standard Webhooks library as an integrator would. */
class WebhookIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * How soon a healthy receiver has its messages though another receiver misbehaves: far above what it takes (about
     * a second), and far below what a healthy receiver stuck behind a bad one would wait (an attempt's 10 s timeout
     * for each message), so it tells the two apart on a loaded machine.
     */
    private static final Duration HEALTHY_RECEIVER_DELAY = Duration.ofSeconds(60);
    /**
     * The longest a create or a fund may take. Commands do not wait for webhooks; if they did, each would wait for the
     * hanging receiver's 10 s attempt timeout.
     */
    private static final Duration COMMAND_WITHOUT_WEBHOOKS = Duration.ofSeconds(10);

    @Autowired
    private WebhookDeliveryWorker worker;
    @Autowired
    private ReadModelRebuild rebuild;

    @Autowired
    private AnalyticsReplay analytics;

    private TestReceiver receiver;
    private ApiClient integrator;

    @BeforeEach
    void newIntegratorAndReceiver() throws Exception {
        receiver = new TestReceiver();
        integrator = new Admin(api).newIntegrator("Webhook receiver " + System.nanoTime());
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void everyEventTypeArrivesSignedVerifiableAndInOrderPerEscrow() throws Exception {
        String secret = register(receiver.url(), null).get("secret").asString();
        assertThat(secret).startsWith("whsec_");

        String disputed = Seed.flowToDecision(integrator);
        integrator.post("/v1/escrows/" + disputed + "/metadata", "{\"metadata\": {\"order_id\": \"o1\"}}");
        integrator.post("/v1/disputes/" + integrator.get("/v1/escrows/" + disputed).json().get("dispute_id").asString()
                        + "/metadata", "{\"metadata\": {\"ticket\": \"T1\"}}");
        String settled = Seed.fundedEscrow(integrator);
        integrator.post("/v1/escrows/" + settled + "/release", "{\"milestone_id\": \"ms_design\"}");
        integrator.post("/v1/escrows/" + settled + "/refund", null);
        String released = Seed.fundedEscrow(integrator);
        integrator.post("/v1/escrows/" + released + "/release", null);
        String refunded = Seed.fundedEscrow(integrator);
        String charge = integrator.get("/v1/escrows/" + refunded).json().get("external_payment_ref").asString();
        integrator.post("/v1/escrows/" + refunded + "/payment-status", "{\"external_payment_ref\": \"" + charge
                + "\", \"status\": \"FUNDS_REVERSED\", \"reason\": \"chargeback\"}");
        integrator.post("/v1/escrows/" + refunded + "/refund", null);
        integrator.post("/v1/payouts/po_" + refunded.substring("esc_".length()) + "_1/transfers",
                "{\"reference\": \"re_1\", \"party\": \"client\", \"amount\": 20000, "
                + "\"executed_at\": \"2025-02-11T09:00:00Z\"}");
        String cancelled = integrator.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).json()
                                     .get("id").asString();
        integrator.post("/v1/escrows/" + cancelled + "/payment-status",
                "{\"external_payment_ref\": \"pi_failed\", \"status\": \"PAYMENT_FAILED\", \"reason\": \"declined\"}");
        integrator.post("/v1/escrows/" + cancelled + "/cancel", "{\"reason\": \"abandoned\"}");

        // Every type this flow produces; the condition and deadline types come from flows of their own
        // (WebhookPayloadsTest builds each body, DeadlineIntegrationTest and
        // EvidenceDeadlineAndInspectionIntegrationTest fire the deadlines, PayoutIntegrationTest runs the watch that
        // flags unreconciled payouts).
        Set<WebhookEventType> elsewhere = Set.of(WebhookEventType.ESCROW_EXPIRED, WebhookEventType.MILESTONE_OVERDUE,
                WebhookEventType.CONDITION_PROGRESS, WebhookEventType.INSPECTION_PERIOD_ELAPSED,
                WebhookEventType.PAYOUT_UNRECONCILED);
        await().atMost(Patience.BACKGROUND).until(() -> types(receiver.accepted()).containsAll(
                Arrays.stream(WebhookEventType.values()).filter(type -> !elsewhere.contains(type)).map(Enum::name)
                      .toList()));

        Webhook verifier = new Webhook(secret);
        OpenApiDocument document = OpenApiDocument.of("http://127.0.0.1:" + port());
        for (TestReceiver.Received message : receiver.accepted()) {
            verifier.verify(message.body(), message.headers());
            document.assertIsWebhookEvent(message.body());
            JsonNode body = JSON.readTree(message.body());
            assertThat(body.get("id").asString()).startsWith("evt_");
            assertThat(body.get("api_version").asString()).isNotBlank();
            assertThat(body.get("created_at").asString()).endsWith("Z");
            assertThat(message.header("webhook-id")).startsWith("msg_");
        }
        for (String escrow : List.of(disputed, settled, released, refunded)) {
            List<Long> sequences = bodies(receiver.accepted()).stream()
                    .filter(b -> b.get("escrow_id").asString().equals(escrow))
                    .map(b -> b.get("sequence").asLong()).toList();
            assertThat(sequences).isSorted().doesNotHaveDuplicates().isNotEmpty();
        }
        JsonNode resolved = bodies(receiver.accepted()).stream()
                .filter(b -> b.get("type").asString().equals("DISPUTE_RESOLVED")).findFirst().orElseThrow();
        assertThat(resolved.get("escrow_id").asString()).isEqualTo(disputed);
        assertThat(resolved.get("data").get("outcome").asString()).isEqualTo("SPLIT");
        assertThat(resolved.get("data").get("payout").get("client").asLong()).isEqualTo(17500);
        assertThat(resolved.get("data").get("payout").get("contractor").asLong()).isEqualTo(32500);
    }

    @Test
    void aReceiverThatFailsThreeTimesGetsEachMessageOnceInOrder() {
        AtomicInteger calls = new AtomicInteger();
        receiver.answer(() -> calls.incrementAndGet() <= 3 ? 500 : 200);
        String endpoint = register(receiver.url(), null).get("id").asString();

        String escrow = Seed.fundedEscrow(integrator);
        integrator.post("/v1/escrows/" + escrow + "/release", null);

        await().atMost(Patience.BACKGROUND).until(() -> types(receiver.accepted()).contains("ESCROW_RELEASED"));
        List<String> ids = receiver.accepted().stream().map(r -> r.header("webhook-id")).toList();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(bodies(receiver.accepted()).stream().map(b -> b.get("sequence").asLong()).toList())
                .containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(receiver.received().subList(0, 4).stream().map(r -> r.header("webhook-id")).distinct())
                .as("the failed attempts were retries of the first message").hasSize(1);

        // A batch's outcomes are recorded a moment after the receiver answered (docs/webhooks.md).
        String delivered = "/v1/webhook-endpoints/" + endpoint + "/deliveries?status=delivered";
        await().atMost(Patience.BACKGROUND).until(() -> integrator.get(delivered).json().get("data").size() == 5);
        JsonNode first = integrator.get(delivered).json().get("data").valueStream()
                                   .filter(d -> d.get("sequence").asLong() == 0).findFirst().orElseThrow();
        assertThat(first.get("attempts")).hasSize(4);
        assertThat(first.get("attempts").get(0).get("status_code").asInt()).isEqualTo(500);
        assertThat(first.get("attempts").get(3).get("status_code").asInt()).isEqualTo(200);
        assertThat(first.get("status").asString()).isEqualTo("delivered");
        assertThat(first.get("body").asString()).isEqualTo(receiver.accepted().get(0).body());
    }

    @Test
    void aReceiverThatIsDownDoesNotDelayAHealthyOne() throws Exception {
        try (TestReceiver doomed = new TestReceiver()) {
            String deadUrl = doomed.url();
            doomed.close();
            register(deadUrl, null);
            register(receiver.url(), null);

            long started = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                Seed.fundedEscrow(integrator);
            }

            await().atMost(HEALTHY_RECEIVER_DELAY).until(() -> receiver.accepted().size() >= 10);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HEALTHY_RECEIVER_DELAY);
        }
    }

    @Test
    void hangingResettingAndSlowReceiversDelayNeitherCommandsNorAHealthyReceiver() throws Exception {
        try (MisbehavingReceiver hanging = new MisbehavingReceiver(MisbehavingReceiver.Behaviour.HANG);
             MisbehavingReceiver resetting = new MisbehavingReceiver(MisbehavingReceiver.Behaviour.RESET);
             TestReceiver slow = new TestReceiver()) {
            slow.answer(() -> {
                sleep(Duration.ofMillis(400)); // slow, but within the 10 s attempt timeout of these tests
                return 200;
            });
            register(hanging.url(), null);
            register(resetting.url(), null);
            register(slow.url(), null);
            register(receiver.url(), null);

            int escrows = 10;
            long slowestCommand = 0;
            long started = System.nanoTime();
            for (int i = 0; i < escrows; i++) {
                long before = System.nanoTime();
                Seed.fundedEscrow(integrator); // two commands: create and fund
                slowestCommand = Math.max(slowestCommand, System.nanoTime() - before);
            }
            // Two events per escrow, to every endpoint.
            await().atMost(HEALTHY_RECEIVER_DELAY).untilAsserted(() -> assertThat(receiver.accepted())
                    .as("healthy; slow %d, hanging %d, resetting %d", slow.accepted().size(), hanging.connections(),
                            resetting.connections())
                    .hasSizeGreaterThanOrEqualTo(2 * escrows));
            Duration healthyDelivered = Duration.ofNanos(System.nanoTime() - started);
            // A slow receiver holds up only its own deliveries: the healthy one above had all of its messages first.
            await().atMost(Patience.BACKGROUND).until(() -> slow.accepted().size() >= 2 * escrows);

            System.out.printf("Webhook receivers: %d escrows (%d events per endpoint); slowest create+fund %d ms; "
                              + "healthy receiver had all in %d ms; hanging receiver offered %d connections, "
                              + "resetting one %d%n", escrows, 2 * escrows, slowestCommand / 1_000_000,
                    healthyDelivered.toMillis(), hanging.connections(), resetting.connections());
            // Commands never wait for webhooks: they only write the outbox row, delivery runs on the worker's threads.
            assertThat(Duration.ofNanos(slowestCommand)).isLessThan(COMMAND_WITHOUT_WEBHOOKS);
            assertThat(healthyDelivered).isLessThan(HEALTHY_RECEIVER_DELAY);
            assertThat(hanging.connections()).isPositive();
            assertThat(resetting.connections()).isPositive();
        }
    }

    @Test
    void exhaustedRetriesDeadLetterAndARetryRequestSendsAgain() {
        receiver.answer(() -> 503);
        String endpoint = register(receiver.url(), List.of("ESCROW_CREATED")).get("id").asString();
        integrator.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId()));

        await().atMost(Patience.BACKGROUND).until(() -> deliveries(endpoint, "dead").size() == 1);
        JsonNode dead = deliveries(endpoint, "dead").get(0);
        assertThat(dead.get("attempts")).hasSize(4);
        assertThat(receiver.received()).hasSize(4);

        receiver.answer(() -> 200);
        ApiClient.Response retried = integrator.post("/v1/webhook-deliveries/" + dead.get("id").asString() + "/retry", null);
        assertThat(retried.status()).isEqualTo(202);
        await().atMost(Patience.BACKGROUND).until(() -> receiver.accepted().size() == 1);
        assertThat(receiver.accepted().get(0).header("webhook-id")).isEqualTo(dead.get("id").asString());
    }

    @Test
    void goneDisablesTheEndpoint() {
        receiver.answer(() -> 410);
        String endpoint = register(receiver.url(), null).get("id").asString();
        Seed.fundedEscrow(integrator);

        await().atMost(Patience.BACKGROUND).until(() -> !integrator.get("/v1/webhook-endpoints/" + endpoint).json()
                                                        .get("enabled").asBoolean());
        assertThat(integrator.get("/v1/webhook-endpoints/" + endpoint).json().get("disabled_reason").asString())
                .contains("410");
    }

    @Test
    void nothingIsLostWhenDeliveryStopsMidRetryAndStartsAgain() throws InterruptedException {
        // The first attempt is held by the receiver until the worker is told to stop, then fails: the message is
        // between attempts while delivery is stopped, whatever the speed of the machine.
        CountDownLatch firstAttempt = new CountDownLatch(1);
        receiver.answer(() -> {
            firstAttempt.countDown();
            await().atMost(Patience.BACKGROUND).until(() -> !worker.isRunning());
            return 500;
        });
        register(receiver.url(), List.of("ESCROW_CREATED"));
        integrator.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId()));
        assertThat(firstAttempt.await(Patience.BACKGROUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        worker.stop();
        receiver.answer(() -> 200);
        worker.start();

        await().atMost(Patience.BACKGROUND).until(() -> receiver.accepted().size() == 1);
    }

    @Test
    void replayResendsAnEscrowsHistoryAsNewMessagesWithTheSameBodies() {
        String endpoint = register(receiver.url(), null).get("id").asString();
        String escrow = Seed.fundedEscrow(integrator);
        await().atMost(Patience.BACKGROUND).until(() -> receiver.accepted().size() == 2);

        ApiClient.Response replay = integrator.post("/v1/webhook-endpoints/" + endpoint + "/replay",
                "{\"escrow_id\": \"" + escrow + "\"}");
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.json().get("enqueued").asInt()).isEqualTo(2);

        await().atMost(Patience.BACKGROUND).until(() -> receiver.accepted().size() == 4);
        List<TestReceiver.Received> all = receiver.accepted();
        assertThat(all.get(2).body()).isEqualTo(all.get(0).body());
        assertThat(all.get(2).header("webhook-id")).isNotEqualTo(all.get(0).header("webhook-id"));

        ApiClient.Response since = integrator.post("/v1/webhook-endpoints/" + endpoint + "/replay",
                "{\"since\": \"2000-01-01T00:00:00Z\"}");
        assertThat(since.json().get("enqueued").asInt()).isEqualTo(2);
    }

    @Test
    void rebuildingTheReadModelsAndTheAnalyticsSendsNothing() {
        register(receiver.url(), null);
        Seed.fundedEscrow(integrator);
        await().atMost(Patience.BACKGROUND).until(() -> receiver.accepted().size() == 2);

        assertThat(rebuild.runNow(ReadModelRebuild.ReadModel.ALL).state()).isEqualTo("done");
        assertThat(analytics.start()).isTrue();
        await().atMost(Patience.BACKGROUND).until(() -> analytics.remaining() == 0);
        Seed.fundedEscrow(integrator);

        await().atMost(Patience.BACKGROUND).until(() -> receiver.accepted().size() == 4);
        assertThat(receiver.accepted()).hasSize(4);
    }

    @Test
    void rotatedSecretsSignTwiceDuringTheOverlap() throws Exception {
        JsonNode endpoint = register(receiver.url(), List.of("ESCROW_CREATED"));
        String oldSecret = endpoint.get("secret").asString();
        String newSecret = integrator.post("/v1/webhook-endpoints/" + endpoint.get("id").asString() + "/rotate-secret",
                null).json().get("secret").asString();
        assertThat(newSecret).isNotEqualTo(oldSecret);

        integrator.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId()));
        await().atMost(Patience.BACKGROUND).until(() -> receiver.accepted().size() == 1);

        TestReceiver.Received message = receiver.accepted().get(0);
        assertThat(message.header("webhook-signature").split(" ")).hasSize(2);
        new Webhook(newSecret).verify(message.body(), message.headers());
        new Webhook(oldSecret).verify(message.body(), message.headers());
    }

    @Test
    void aSecondRotationRetiresTheSecretBeforeTheLastAtOnce() throws Exception {
        JsonNode endpoint = register(receiver.url(), List.of("ESCROW_CREATED"));
        String rotate = "/v1/webhook-endpoints/" + endpoint.get("id").asString() + "/rotate-secret";
        List<String> secrets = new java.util.ArrayList<>(List.of(endpoint.get("secret").asString()));
        for (int rotation = 0; rotation < 3; rotation++) {
            secrets.add(integrator.post(rotate, null).json().get("secret").asString());
        }

        integrator.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId()));
        await().atMost(Patience.BACKGROUND).until(() -> receiver.accepted().size() == 1);

        TestReceiver.Received message = receiver.accepted().get(0);
        assertThat(message.header("webhook-signature").split(" ")).hasSize(2);
        new Webhook(secrets.get(3)).verify(message.body(), message.headers());
        new Webhook(secrets.get(2)).verify(message.body(), message.headers());
        for (String retired : secrets.subList(0, 2)) {
            assertThatThrownBy(() -> new Webhook(retired).verify(message.body(), message.headers()))
                    .isInstanceOf(WebhookVerificationException.class);
        }
    }

    @Test
    void deliveryPagesFollowOnlyCursorsIssuedForTheirEndpoint() {
        String endpoint = register(receiver.url(), List.of("ESCROW_CREATED")).get("id").asString();
        String otherEndpoint = register(receiver.url(), List.of("ESCROW_CREATED")).get("id").asString();
        integrator.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId()));
        integrator.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId()));
        await().atMost(Patience.BACKGROUND).until(() -> receiver.accepted().size() == 4);

        String deliveries = "/v1/webhook-endpoints/" + endpoint + "/deliveries";
        JsonNode first = integrator.get(deliveries + "?limit=1").json();
        String issued = first.get("next_cursor").asString();
        assertThat(integrator.get(deliveries + "?cursor=" + issued).json().get("data")).hasSize(1);

        String newest = first.at("/data/0/id").asString();
        String forged = java.util.Base64.getUrlEncoder().withoutPadding()
                                        .encodeToString(newest.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String path : List.of(deliveries + "?cursor=" + forged,
                "/v1/webhook-endpoints/" + otherEndpoint + "/deliveries?cursor=" + issued,
                deliveries + "?status=delivered&cursor=" + issued)) {
            ApiClient.Response refused = integrator.get(path);
            assertThat(refused.status()).as(path).isEqualTo(422);
            assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("cursor");
        }
    }

    @Test
    void endpointsReceiveOnlyTheirTypesAndBelongToTheirIntegrator() {
        String endpoint = register(receiver.url(), List.of("ESCROW_FUNDED")).get("id").asString();
        Seed.fundedEscrow(integrator);
        await().atMost(Patience.BACKGROUND).until(() -> receiver.accepted().size() == 1);
        assertThat(types(receiver.accepted())).containsExactly("ESCROW_FUNDED");

        assertThat(api.get("/v1/webhook-endpoints/" + endpoint).json().get("code").asString())
                .isEqualTo("webhook_endpoint_not_found");
        assertThat(integrator.get("/v1/webhook-endpoints").json().get("data")).hasSize(1);
        assertThat(integrator.get("/v1/webhook-endpoints/" + endpoint).json().has("secret")).isTrue();
        assertThat(integrator.get("/v1/webhook-endpoints/" + endpoint).json().get("secret").isNull()).isTrue();
    }

    @Test
    void endpointsCanBeChangedAndDeleted() {
        String endpoint = register(receiver.url(), List.of("ESCROW_FUNDED")).get("id").asString();

        JsonNode patched = integrator.call("PATCH", "/v1/webhook-endpoints/" + endpoint,
                "{\"event_types\": null, \"description\": \"all of it\", \"enabled\": false}", Map.of()).json();
        assertThat(patched.get("event_types").isNull()).isTrue();
        assertThat(patched.get("enabled").asBoolean()).isFalse();
        assertThat(patched.get("description").asString()).isEqualTo("all of it");
        assertThat(integrator.call("PATCH", "/v1/webhook-endpoints/" + endpoint, "{\"secret\": \"mine\"}", Map.of())
                             .status()).isEqualTo(422);

        ApiClient stranger = new Admin(api).newIntegrator("Stranger " + System.nanoTime());
        assertThat(stranger.call("DELETE", "/v1/webhook-endpoints/" + endpoint, null, Map.of()).status())
                .as("another integrator's endpoint is not found, and stays").isEqualTo(404);
        assertThat(integrator.call("DELETE", "/v1/webhook-endpoints/" + endpoint, null, Map.of()).status())
                .isEqualTo(204);
        assertThat(integrator.get("/v1/webhook-endpoints/" + endpoint).status()).isEqualTo(404);
        assertThat(integrator.call("DELETE", "/v1/webhook-endpoints/" + endpoint, null, Map.of()).status())
                .isEqualTo(404);
    }

    @Test
    void invalidEndpointsAreRefused() {
        assertThat(integrator.post("/v1/webhook-endpoints", "{\"url\": \"ftp://example.com/hooks\"}").json()
                             .get("code").asString()).isEqualTo("validation_failed");
        assertThat(integrator.post("/v1/webhook-endpoints", "{\"url\": \"https://x.test/\", \"event_types\": []}")
                             .status()).isEqualTo(422);
        assertThat(integrator.post("/v1/webhook-endpoints",
                "{\"url\": \"https://x.test/\", \"event_types\": [\"NOPE\"]}").status()).isEqualTo(400);
    }

    private JsonNode register(String url, List<String> types) {
        String typesJson = types == null ? "" : ", \"event_types\": " + types.stream()
                .map(t -> "\"" + t + "\"").collect(Collectors.joining(", ", "[", "]"));
        ApiClient.Response response = integrator.post("/v1/webhook-endpoints",
                "{\"url\": \"" + url + "\"" + typesJson + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private List<JsonNode> deliveries(String endpoint, String status) {
        return integrator.get("/v1/webhook-endpoints/" + endpoint + "/deliveries?status=" + status).json()
                         .get("data").valueStream().toList();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<String> types(List<TestReceiver.Received> messages) {
        return bodies(messages).stream().map(b -> b.get("type").asString()).collect(Collectors.toSet());
    }

    private static List<JsonNode> bodies(List<TestReceiver.Received> messages) {
        return messages.stream().map(m -> JSON.readTree(m.body())).toList();
    }
}
