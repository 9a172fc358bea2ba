package io.escrowledger.api.operations;

import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.TcpProxy;
import io.escrowledger.projections.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.time.Duration;

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

    private ApiClient.Response probe(String group) {
        return api.send(api.request("/actuator/health/" + group));
    }

    private void expectProbe(String group, int status, String health) {
        ApiClient.Response response = probe(group);
        assertThat(response.status()).as(group + ": " + response.body()).isEqualTo(status);
        assertThat(response.json().get("status").asString()).as(group).isEqualTo(health);
    }
}
