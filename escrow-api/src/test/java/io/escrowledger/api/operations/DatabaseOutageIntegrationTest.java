package io.escrowledger.api.operations;

import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Patience;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

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
        // Give up on a connection within seconds, so the outage shows well before Hikari's default 30 s; not within
        // one second, which a loaded machine can take with the database up.
        "spring.datasource.hikari.connection-timeout=3000",
        "spring.datasource.hikari.validation-timeout=1000"})
@DirtiesContext
class DatabaseOutageIntegrationTest {

    /** A refusal comes this fast at most: a few Hikari timeouts, well below the 30 s of Hikari's default. */
    private static final Duration FAST_REFUSAL = Duration.ofSeconds(20);
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

        awaitThroughTheOutage(() -> probe("readiness").status() == 503);
        expectProbe("readiness", 503, "DOWN");
        expectProbe("liveness", 200, "UP");
        ApiClient.Response refused = api.get("/v1/escrows?limit=1");
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("code").asString()).isEqualTo("service_unavailable");
        assertThat(refused.json().get("request_id").asString()).isEqualTo(refused.header("X-Request-Id"));

        POSTGRES.restore();

        awaitThroughTheOutage(() -> probe("readiness").status() == 200);
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
        // Each phase lasts until the clients met what it is for, however fast they go.
        awaitThroughTheOutage(() -> steps(flows).anyMatch(Step::acknowledged));
        POSTGRES.cut();
        awaitThroughTheOutage(() -> steps(flows).anyMatch(step -> step.status == 503));
        long restored = System.nanoTime();
        POSTGRES.restore();
        awaitThroughTheOutage(() -> steps(flows).anyMatch(step -> step.acknowledged() && step.sentAt - restored > 0));
        loading.set(false);
        pool.shutdown();
        assertThat(pool.awaitTermination(Patience.BACKGROUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        awaitThroughTheOutage(() -> probe("readiness").status() == 200);

        List<Step> steps = steps(flows).toList();
        List<Step> refused = steps.stream().filter(step -> step.status == 503).toList();
        long slowestRefusal = refused.stream().mapToLong(step -> step.millis).max().orElse(0);
        System.out.printf("Database outage under load: %d flows, %d requests, %d acknowledged, %d refused with 503 "
                          + "(slowest %d ms), other statuses %s%n", flows.size(), steps.size(),
                steps.stream().filter(Step::acknowledged).count(), refused.size(), slowestRefusal,
                steps.stream().filter(step -> !step.acknowledged() && step.status != 503)
                     .map(step -> step.status).toList());
        assertThat(refused).as("requests refused during the outage").isNotEmpty();
        assertThat(slowestRefusal).as("a refusal comes fast, not after a long hang").isLessThan(FAST_REFUSAL.toMillis());

        // The clients retry what was refused, with the same Idempotency-Key, and finish every flow.
        await().atMost(Patience.BACKGROUND).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            flows.forEach(flow -> flow.advance(api));
            assertThat(flows).filteredOn(flow -> !flow.finished())
                             .extracting(flow -> flow.steps.get(flow.steps.size() - 1)).isEmpty();
        });
        // Never a 500, nor a 409 from a step that was in fact done: each answer is a success or "retry".
        assertThat(steps(flows))
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
                    case 0 -> send(api, "/v1/escrows", Seed.createEscrowWithoutDeadlines(externalId));
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
            long sentAt = System.nanoTime();
            ApiClient.Response answer = api.call("POST", path, body,
                    Map.of("Idempotency-Key", externalId + "-step-" + done));
            steps.add(new Step(path, answer.status(), sentAt, (System.nanoTime() - sentAt) / 1_000_000,
                    answer.status() / 100 == 2 ? null : answer.body()));
            return answer;
        }
    }

    /** One request of a flow: sent at {@code sentAt} (System.nanoTime), answered {@code status} after {@code millis}. */
    private record Step(String path, int status, long sentAt, long millis, String problem) {

        boolean acknowledged() {
            return status / 100 == 2;
        }
    }

    private static Stream<Step> steps(List<Flow> flows) {
        return flows.stream().flatMap(flow -> flow.steps.stream());
    }

    /**
     * Waits for the condition. The service's background threads (deadlines, webhooks) fail while the database is
     * away: expected here, so their exceptions do not fail the wait.
     */
    private static void awaitThroughTheOutage(Callable<Boolean> condition) {
        await().dontCatchUncaughtExceptions().atMost(Patience.BACKGROUND).until(condition);
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
