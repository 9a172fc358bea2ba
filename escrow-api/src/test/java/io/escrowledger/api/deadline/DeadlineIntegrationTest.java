package io.escrowledger.api.deadline;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.escrowledger.api.EscrowApplication;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.MutableClock;
import io.escrowledger.api.support.Patience;
import io.escrowledger.api.support.TestReceiver;
import io.escrowledger.projections.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deadlines stored in PostgreSQL: scheduled by one node, they survive its stop, and fire once when their time comes
 * on the node running then. Time moves by a clock the test controls, never by sleeping until it passes.
 */
class DeadlineIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MutableClock CLOCK = new MutableClock();
    /** Counts an escrow's deadlines: the binary task data holds the aggregate id among its serialized scope. */
    private static final String TASKS_OF_ESCROW =
            "SELECT count(*) FROM scheduled_tasks WHERE position(convert_to(?, 'UTF8') in task_data) > 0";

    /** The service's clock, replaced. */
    @Configuration(proxyBeanMethods = false)
    static class ControlledClock {
        @Bean
        @Primary
        Clock controlledClock() {
            return CLOCK;
        }
    }

    private static ConfigurableApplicationContext startNode() {
        TestDatabase database = TestDatabase.shared();
        return new SpringApplicationBuilder(EscrowApplication.class, ControlledClock.class)
                .run("--server.port=0",
                        "--spring.datasource.url=" + database.url(),
                        "--spring.datasource.username=" + database.user(),
                        "--spring.datasource.password=" + database.password(),
                        "--escrow.security.admin-token=" + IntegrationTest.ADMIN_TOKEN,
                        "--escrow.security.bootstrap-api-key=" + IntegrationTest.API_KEY,
                        "--escrow.security.bootstrap-api-secret=" + IntegrationTest.API_SECRET,
                        "--escrow.security.secrets-encryption-key=" + IntegrationTest.ENCRYPTION_KEY,
                        "--escrow.deadlines.poll-interval=200ms",
                        "--escrow.webhooks.allow-http=true",
                        "--escrow.webhooks.allow-private-targets=true",
                        "--escrow.webhooks.poll-interval=50ms");
    }

    /** A client of the node that signs at the node's time, wherever a test moved it. */
    private static ApiClient client(ConfigurableApplicationContext node) {
        return new ApiClient(Integer.parseInt(node.getEnvironment().getProperty("local.server.port")),
                IntegrationTest.API_KEY, IntegrationTest.API_SECRET).signingAt(CLOCK);
    }

    /** A funded escrow of one milestone, due 30 minutes from now; {@code terms} adds fields to the creation request. */
    private static String fundedEscrow(ApiClient api, String terms) {
        String externalId = "deadline_" + System.nanoTime();
        ApiClient.Response created = api.post("/v1/escrows", """
                {"external_id": "%s", "currency": "USD", "total_amount": 1000,
                 "milestones": [{"milestone_id": "only", "amount": 1000, "deadline": "%s"}]%s}"""
                .formatted(externalId, CLOCK.instant().plus(Duration.ofMinutes(30)), terms));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String escrowId = created.json().get("id").asString();
        ApiClient.Response funded = api.post("/v1/escrows/" + escrowId + "/payment-status", """
                {"external_payment_ref": "pi_%s", "status": "FUNDS_HELD", "declared_at": "%s"}"""
                .formatted(externalId, CLOCK.instant()));
        assertThat(funded.status()).as(funded.body()).isEqualTo(200);
        return escrowId;
    }

    @Test
    void deadlinesScheduledBeforeARestartFireOnceAfterIt() throws Exception {
        String expiring;
        String timeReleased;
        Instant scheduled;
        try (TestReceiver receiver = new TestReceiver()) {
            try (ConfigurableApplicationContext node = startNode()) {
                ApiClient api = client(node);
                ApiClient.Response endpoint = api.post("/v1/webhook-endpoints",
                        "{\"url\": \"" + receiver.url() + "\"}");
                assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
                // Every deadline below lies its stated time after this moment (and a few seconds at most after that).
                scheduled = CLOCK.instant();
                expiring = fundedEscrow(api, ", \"expires_in_hours\": 1");
                timeReleased = fundedEscrow(api, ", \"release_condition\": {\"type\": \"time_release\", "
                        + "\"release_at\": \"%s\"}".formatted(CLOCK.instant().plus(Duration.ofMinutes(20))));
            }
            JdbcClient jdbc = JdbcClient.create(TestDatabase.shared().migratedDataSource());
            assertThat(scheduledFor(jdbc, expiring)).isEqualTo(2);
            assertThat(scheduledFor(jdbc, timeReleased)).isEqualTo(2);

            try (ConfigurableApplicationContext restarted = startNode()) {
                // Time moves in steps that each make one deadline of each escrow due, so that the deadlines of an
                // escrow run in the order of their times whatever the scheduler's threads do: the time release
                // (20 min), then the milestones' deadlines (30 min), then the expiry (1 h).
                List<String> escrows = List.of(expiring, timeReleased);
                runDeadlinesDueBy(restarted, jdbc, scheduled.plus(Duration.ofMinutes(25)), escrows);
                runDeadlinesDueBy(restarted, jdbc, scheduled.plus(Duration.ofMinutes(45)), escrows);
                runDeadlinesDueBy(restarted, jdbc, scheduled.plus(Duration.ofHours(2)), escrows);

                awaitState(jdbc, expiring, "REFUNDED");
                awaitState(jdbc, timeReleased, "RELEASED");
                await(() -> scheduledFor(jdbc, expiring) == 0 && scheduledFor(jdbc, timeReleased) == 0);
                // No request caused these events, yet they are the escrow's integrator's: they reach its webhooks.
                await(() -> webhookTypes(receiver, expiring).containsAll(List.of("ESCROW_EXPIRED",
                        "MILESTONE_OVERDUE", "MILESTONE_REFUNDED", "ESCROW_REFUNDED"))
                            && webhookTypes(receiver, timeReleased).containsAll(List.of("CONDITION_PROGRESS",
                        "MILESTONE_RELEASED", "ESCROW_RELEASED")));
            }
            assertThat(jdbc.sql("SELECT refund_reason FROM escrows WHERE escrow_id = ?").param(expiring)
                           .query(String.class).single()).isEqualTo("expired");
            assertThat(eventsOfType(jdbc, expiring, "EscrowExpiredEvent")).isEqualTo(1);
            assertThat(eventsOfType(jdbc, expiring, "MilestoneOverdueEvent")).isEqualTo(1);
            assertThat(eventsOfType(jdbc, timeReleased, "ReleaseConditionMetEvent")).isEqualTo(1);
            assertThat(eventsOfType(jdbc, timeReleased, "MilestoneReleasedEvent")).isEqualTo(1);
            // Released before its milestone's deadline passed: nothing was overdue.
            assertThat(eventsOfType(jdbc, timeReleased, "MilestoneOverdueEvent")).isZero();
            assertThat(jdbc.sql("SELECT overdue_at IS NOT NULL FROM escrow_milestones WHERE escrow_id = ?")
                           .param(expiring).query(Boolean.class).single()).isTrue();
        }
    }

    /** The seed's minimal time release, without condition_data: the expiry is its release time, not a refund. */
    @Test
    void aTimeReleaseWithoutAReleaseTimeReleasesAtTheExpiry() throws Exception {
        JdbcClient jdbc = JdbcClient.create(TestDatabase.shared().migratedDataSource());
        try (ConfigurableApplicationContext node = startNode()) {
            ApiClient api = client(node);
            String vault = api.post("/v1/vaults", "{\"currency\": \"USDC\"}").json().get("id").asString();
            api.post("/v1/vaults/" + vault + "/deposits", "{\"amount\": 10000000, \"reference\": \"dep_timed\"}");
            ApiClient.Response created = api.post("/subcent/v1/escrows", """
                    {"vault_id": "%s", "amount": "5.00", "condition_type": "time_release", "merchant_id": "mrc_timed",
                     "expires_in_hours": 1}""".formatted(vault));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String escrowId = created.json().get("escrow_id").asString();

            CLOCK.advance(Duration.ofHours(2));
            node.getBean(Scheduler.class).triggerCheckForDueExecutions();

            awaitState(jdbc, escrowId, "RELEASED");
            assertThat(client(node).get("/subcent/v1/escrows/" + escrowId).json().get("status").asString())
                    .isEqualTo("released");
            assertThat(eventsOfType(jdbc, escrowId, "ReleaseConditionMetEvent")).isEqualTo(1);
            assertThat(eventsOfType(jdbc, escrowId, "EscrowExpiredEvent")).isZero();
            JsonNode balance = client(node).get("/v1/vaults/" + vault).json();
            assertThat(balance.get("held").asLong()).isZero();
            assertThat(balance.get("available").asLong()).isEqualTo(5_000_000L);
        }
    }

    /** The types of the webhooks the receiver accepted for one escrow. */
    private static List<String> webhookTypes(TestReceiver receiver, String escrowId) {
        return receiver.accepted().stream().map(received -> JSON.readTree(received.body()))
                       .filter(body -> body.get("escrow_id").asString().equals(escrowId))
                       .map(body -> body.get("type").asString()).toList();
    }

    /** Moves the clock to {@code moment}, and waits until every deadline of these escrows due by then has run. */
    private static void runDeadlinesDueBy(ConfigurableApplicationContext node, JdbcClient jdbc, Instant moment,
                                          List<String> escrowIds) throws InterruptedException {
        CLOCK.advanceTo(moment);
        node.getBean(Scheduler.class).triggerCheckForDueExecutions();
        // A deadline's row is deleted once it ran.
        await(() -> escrowIds.stream().allMatch(escrowId -> jdbc.sql(TASKS_OF_ESCROW + " AND execution_time <= ?")
                .params(escrowId, OffsetDateTime.ofInstant(moment, ZoneOffset.UTC)).query(Long.class).single() == 0));
    }

    private static long scheduledFor(JdbcClient jdbc, String escrowId) {
        return jdbc.sql(TASKS_OF_ESCROW).param(escrowId).query(Long.class).single();
    }

    private static long eventsOfType(JdbcClient jdbc, String escrowId, String type) {
        // The stable name, or the class name an event was stored under before it (docs/audit.md).
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "AND substring(payload_type from '[^.]+$') = ?")
                   .params(escrowId, type).query(Long.class).single();
    }

    private static void awaitState(JdbcClient jdbc, String escrowId, String state) throws InterruptedException {
        await(() -> state.equals(jdbc.sql("SELECT state FROM escrows WHERE escrow_id = ?").param(escrowId)
                                      .query(String.class).single()));
    }

    /** Waits for the scheduler's threads to finish what the test made due (bounded, so a failure cannot hang). */
    private static void await(Supplier<Boolean> done) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Patience.BACKGROUND);
        while (!done.get()) {
            assertThat(Instant.now()).as("waited %s", Patience.BACKGROUND).isBefore(giveUp);
            Thread.sleep(50);
        }
    }
}
