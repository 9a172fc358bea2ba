package io.escrowledger.api.operations;

import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Seed;
import io.escrowledger.api.support.TcpProxy;
import io.escrowledger.projections.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service reaches PostgreSQL through a proxy the test cuts: readiness goes DOWN (so a load balancer stops sending
 * traffic) while liveness stays UP (so nothing restarts the service), API requests are answered 503 with a problem
 * document, and everything comes back once the network does, without a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "escrow.security.admin-token=" + IntegrationTest.ADMIN_TOKEN,
        "escrow.security.bootstrap-api-key=" + IntegrationTest.API_KEY,
        "escrow.security.bootstrap-api-secret=" + IntegrationTest.API_SECRET,
        "escrow.security.secrets-encryption-key=" + IntegrationTest.ENCRYPTION_KEY,
        "escrow.deadlines.poll-interval=1h",
        // Give up on a connection within a second, so the outage shows in seconds rather than Hikari's default 30.
        "spring.datasource.hikari.connection-timeout=1000",
        "spring.datasource.hikari.validation-timeout=500"})
@DirtiesContext
class DatabaseOutageIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final TcpProxy POSTGRES = new TcpProxy(postgres().getHost(), postgres().getPort());

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcClient jdbc;

    private ApiClient api;

    private static URI postgres() {
        return URI.create(TestDatabase.shared().url().substring("jdbc:".length()));
    }

    @DynamicPropertySource
    static void databaseThroughTheProxy(DynamicPropertyRegistry registry) {
        TestDatabase database = TestDatabase.shared();
        URI direct = postgres();
        registry.add("spring.datasource.url",
                () -> "jdbc:postgresql://127.0.0.1:" + POSTGRES.port() + direct.getPath());
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", database::password);
    }

    @BeforeEach
    void connect() {
        api = new ApiClient(port, IntegrationTest.API_KEY, IntegrationTest.API_SECRET);
    }

    /** Whatever happened, the context is closed with its database reachable. */
    @AfterEach
    void restoreTheNetwork() {
        POSTGRES.restore();
    }

    @Test
    void readinessFollowsTheDatabaseAndLivenessDoesNot() {
        expectProbe("readiness", 200, "UP");
        expectProbe("liveness", 200, "UP");
        assertThat(api.get("/v1/escrows?limit=1").status()).isEqualTo(200);

        POSTGRES.cut();

        // The service's background threads (deadlines, webhooks) fail while the database is away: expected here.
        await().dontCatchUncaughtExceptions().atMost(PATIENCE).until(() -> probe("readiness").status() == 503);
        expectProbe("readiness", 503, "DOWN");
        expectProbe("liveness", 200, "UP");
        ApiClient.Response refused = api.get("/v1/escrows?limit=1");
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("code").asString()).isEqualTo("service_unavailable");
        assertThat(refused.json().get("request_id").asString()).isEqualTo(refused.header("X-Request-Id"));

        POSTGRES.restore();

        await().dontCatchUncaughtExceptions().atMost(PATIENCE).until(() -> probe("readiness").status() == 200);
        expectProbe("readiness", 200, "UP");
        expectProbe("liveness", 200, "UP");
        assertThat(api.get("/v1/escrows?limit=1").status()).isEqualTo(200);
    }

    /**
     * Four clients run create, fund and release flows while the database goes away for a few seconds and comes back.
     * Every answer is a success or a fast 503 problem document; a refused step, sent again with its Idempotency-Key
     * once the database is back, completes; and every escrow ends exactly as if each command had run once.
     */
    @Test
    void underLoadAnOutageFailsFastLeavesNothingHalfDoneAndHeals() throws Exception {
        int clients = 4;
        List<Flow> flows = new CopyOnWriteArrayList<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            pool.submit(() -> {
                while (loading.get()) {
                    Flow flow = new Flow(Seed.uniqueExternalId());
                    flows.add(flow);
                    flow.advance(api);
                }
            });
        }
        Thread.sleep(2000);
        POSTGRES.cut();
        Thread.sleep(3000);
        POSTGRES.restore();
        Thread.sleep(2000);
        loading.set(false);
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        await().dontCatchUncaughtExceptions().atMost(PATIENCE).until(() -> probe("readiness").status() == 200);

        List<Step> steps = flows.stream().flatMap(flow -> flow.steps.stream()).toList();
        List<Step> refused = steps.stream().filter(step -> step.status == 503).toList();
        long slowestRefusal = refused.stream().mapToLong(step -> step.millis).max().orElse(0);
        System.out.printf("Database outage under load: %d flows, %d requests, %d acknowledged, %d refused with 503 "
                          + "(slowest %d ms), other statuses %s%n", flows.size(), steps.size(),
                steps.stream().filter(step -> step.status / 100 == 2).count(), refused.size(), slowestRefusal,
                steps.stream().filter(step -> step.status / 100 != 2 && step.status != 503)
                     .map(step -> step.status).toList());
        assertThat(refused).as("requests refused during the outage").isNotEmpty();
        assertThat(slowestRefusal).as("a refusal comes fast, not after a long hang").isLessThan(10_000);

        // The clients retry what was refused, with the same Idempotency-Key, and finish every flow.
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            flows.forEach(flow -> flow.advance(api));
            assertThat(flows).filteredOn(flow -> !flow.finished())
                             .extracting(flow -> flow.steps.get(flow.steps.size() - 1)).isEmpty();
        });
        // Never a 500, nor a 409 from a step that was in fact done: each answer is a success or "retry".
        assertThat(flows.stream().flatMap(flow -> flow.steps.stream()))
                .allSatisfy(step -> assertThat(step.status).as(step.toString()).isIn(200, 201, 503));
        for (Flow flow : flows) {
            assertThat(flow.escrowId).as(flow.externalId).isNotNull();
            List<String> events = jdbc.sql("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? "
                                             + "ORDER BY sequence_number").param(flow.escrowId).query(String.class).list();
            assertThat(events).as(flow.externalId).extracting(type -> type.substring(type.lastIndexOf('.') + 1))
                              .containsExactly("EscrowCreatedEvent", "FundsHeldEvent", "MilestoneReleasedEvent",
                                      "MilestoneReleasedEvent", "EscrowClosedEvent");
            assertThat(jdbc.sql("SELECT count(*) FROM escrows WHERE external_id = ?").param(flow.externalId)
                             .query(Long.class).single()).isEqualTo(1);
            JsonNode escrow = api.get("/v1/escrows/" + flow.escrowId).json();
            assertThat(escrow.get("state").asString()).isEqualTo("RELEASED");
            assertThat(escrow.get("released_amount").asLong()).isEqualTo(50_000);
        }
    }

    /** One integrator's create, fund and release of one escrow, each step sent until it is acknowledged. */
    private static final class Flow {
        final String externalId;
        final List<Step> steps = new CopyOnWriteArrayList<>();
        volatile String escrowId;
        private int done;

        Flow(String externalId) {
            this.externalId = externalId;
        }

        boolean finished() {
            return done == 3;
        }

        /** Sends the next steps until one is refused; each step keeps its Idempotency-Key across retries. */
        void advance(ApiClient api) {
            while (done < 3) {
                ApiClient.Response answer = switch (done) {
                    case 0 -> send(api, "/v1/escrows", Seed.createEscrow(externalId));
                    case 1 -> send(api, "/v1/escrows/" + escrowId + "/payment-status",
                            Seed.paymentStatus("pi_" + externalId));
                    default -> send(api, "/v1/escrows/" + escrowId + "/release", null);
                };
                if (answer.status() / 100 != 2) {
                    return;
                }
                if (done == 0) {
                    escrowId = answer.json().get("id").asString();
                }
                done++;
            }
        }

        private ApiClient.Response send(ApiClient api, String path, String body) {
            long started = System.nanoTime();
            ApiClient.Response answer = api.call("POST", path, body,
                    Map.of("Idempotency-Key", externalId + "-step-" + done));
            steps.add(new Step(path, answer.status(), (System.nanoTime() - started) / 1_000_000,
                    answer.status() / 100 == 2 ? null : answer.body()));
            return answer;
        }
    }

    private record Step(String path, int status, long millis, String problem) {
    }

    private ApiClient.Response probe(String group) {
        return api.send(api.request("/actuator/health/" + group));
    }

    private void expectProbe(String group, int status, String health) {
        ApiClient.Response response = probe(group);
        assertThat(response.status()).as(group + ": " + response.body()).isEqualTo(status);
        assertThat(response.json().get("status").asString()).as(group).isEqualTo(health);
    }
}
