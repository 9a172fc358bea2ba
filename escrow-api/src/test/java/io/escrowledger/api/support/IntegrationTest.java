package io.escrowledger.api.support;

import io.escrowledger.projections.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service on a random port, over real HTTP, on this test JVM's own PostgreSQL database. Every test class
 * shares one Spring context (and so one database); tests keep apart by using fresh external ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "escrow.security.admin-token=" + IntegrationTest.ADMIN_TOKEN,
        "escrow.security.analyst-token=" + IntegrationTest.ANALYST_TOKEN,
        "escrow.security.metrics-token=" + IntegrationTest.METRICS_TOKEN,
        "escrow.security.bootstrap-api-key=" + IntegrationTest.API_KEY,
        "escrow.security.bootstrap-api-secret=" + IntegrationTest.API_SECRET,
        "escrow.security.secrets-encryption-key=" + IntegrationTest.ENCRYPTION_KEY,
        // Enough for the tests' concurrency, few enough for two builds to share one PostgreSQL (max_connections 100).
        "spring.datasource.hikari.maximum-pool-size=10",
        "escrow.webhooks.allow-http=true",
        "escrow.webhooks.allow-private-targets=true",
        "escrow.webhooks.retry-schedule=100ms,200ms,300ms",
        "escrow.webhooks.poll-interval=50ms",
        // As in production: loopback receivers share this JVM with the sender, and a pause of the JVM (a collection,
        // a loaded machine) must not turn an answered attempt into a timed-out one, sent again.
        "escrow.webhooks.timeout=10s",
        "escrow.audit.feed-settle=0s",
        // Deadlines fire only in DeadlineIntegrationTest, under its own clock: here a past milestone deadline would
        // add events while a test counts them.
        "escrow.deadlines.poll-interval=1h",
        // Likewise the payout watch: PayoutIntegrationTest runs it itself.
        "escrow.payouts.watch-interval=1h",
        // Snapshots every few events, so every test also loads aggregates from snapshots.
        "escrow.snapshots.every=3"})
public abstract class IntegrationTest {

    public static final String ADMIN_TOKEN = "test-admin-token";
    public static final String ANALYST_TOKEN = "test-analyst-token";
    public static final String METRICS_TOKEN = "test-metrics-token";
    public static final String API_KEY = "ak_test_bootstrap";
    public static final String API_SECRET = "sk_test_bootstrap_secret_0123456789abcdef";
    public static final String ENCRYPTION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @LocalServerPort
    private int port;

    @Autowired
    protected JdbcClient jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase database = TestDatabase.shared();
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", database::password);
    }

    /** The service as an integrator reaches it; ready in every test method. */
    protected ApiClient api;

    @BeforeEach
    void connectToTheService() {
        api = new ApiClient(port, API_KEY, API_SECRET);
    }

    protected int port() {
        return port;
    }

    protected long storedEvents(String escrowId) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?")
                   .param(escrowId).query(Long.class).single();
    }

    protected long allStoredEvents() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
    }
}
