package io.escrowledger.api.deadline;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.escrowledger.api.EscrowApplication;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.MutableClock;
import io.escrowledger.api.support.Patience;
import io.escrowledger.api.support.TestReceiver;
import io.escrowledger.projections.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dispute's evidence deadline and a milestone's inspection period, over HTTP, on a node whose clock the test moves:
 * the deadlines fire because the clock reached them, never because the test slept until they passed.
 */
class EvidenceDeadlineAndInspectionIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Frozen: the times the test expects are exact, and move only when the test moves them. */
    private static final MutableClock CLOCK = MutableClock.frozenAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private static ConfigurableApplicationContext node;
    private static TestReceiver receiver;
    private static ApiClient api;

    @Configuration(proxyBeanMethods = false)
    static class ControlledClock {
        @Bean
        @Primary
        Clock controlledClock() {
            return CLOCK;
        }
    }

    @BeforeAll
    static void startNode() throws Exception {
        TestDatabase database = TestDatabase.shared();
        node = new SpringApplicationBuilder(EscrowApplication.class, ControlledClock.class)
                .run("--server.port=0",
                        "--spring.datasource.url=" + database.url(),
                        "--spring.datasource.username=" + database.user(),
                        "--spring.datasource.password=" + database.password(),
                        "--spring.datasource.hikari.maximum-pool-size=5",
                        "--escrow.security.bootstrap-api-key=" + IntegrationTest.API_KEY,
                        "--escrow.security.bootstrap-api-secret=" + IntegrationTest.API_SECRET,
                        "--escrow.security.secrets-encryption-key=" + IntegrationTest.ENCRYPTION_KEY,
                        "--escrow.deadlines.poll-interval=1h",
                        "--escrow.disputes.evidence-window=2h",
                        "--escrow.webhooks.allow-http=true",
                        "--escrow.webhooks.allow-private-targets=true",
                        "--escrow.webhooks.poll-interval=50ms");
        api = new ApiClient(Integer.parseInt(node.getEnvironment().getProperty("local.server.port")),
                IntegrationTest.API_KEY, IntegrationTest.API_SECRET).signingAt(CLOCK);
        receiver = new TestReceiver();
        ApiClient.Response endpoint = api.post("/v1/webhook-endpoints", "{\"url\": \"" + receiver.url() + "\"}");
        assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
    }

    @AfterAll
    static void stopNode() {
        node.close();
        receiver.close();
    }

    /** A funded escrow of two milestones; {@code terms} adds fields to the creation request. */
    private static String fundedEscrow(String milestones, String terms) {
        String externalId = "timers_" + System.nanoTime();
        ApiClient.Response created = api.post("/v1/escrows", """
                {"external_id": "%s", "currency": "USD", "total_amount": 5000, "milestones": %s%s}"""
                .formatted(externalId, milestones, terms));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String escrowId = created.json().get("id").asString();
        ApiClient.Response funded = api.post("/v1/escrows/" + escrowId + "/payment-status", """
                {"external_payment_ref": "pi_%s", "status": "FUNDS_HELD", "declared_at": "%s"}"""
                .formatted(externalId, CLOCK.instant()));
        assertThat(funded.status()).as(funded.body()).isEqualTo(200);
        return escrowId;
    }

    private static final String TWO_MILESTONES = """
            [{"milestone_id": "design", "amount": 2000}, {"milestone_id": "build", "amount": 3000,
              "inspection_period_hours": 48}]""";

    private static ApiClient.Response deliver(String escrowId, String milestoneId) {
        return api.post("/v1/escrows/" + escrowId + "/deliverable", """
                {"milestone_id": "%s", "reference": {"type": "external_reference", "provider": "github",
                 "uri": "https://github.com/org/repo/pull/1", "content_hash": "sha256:ab"}}""".formatted(milestoneId));
    }

    private static ApiClient.Response openDispute(String escrowId) {
        return api.post("/v1/escrows/" + escrowId + "/dispute", """
                {"reason_code": "QUALITY_ISSUE", "opened_by": {"actor_id": "usr_client", "actor_role": "client"}}""");
    }

    @Test
    void theEvidenceDeadlineLocksTheEvidenceAndRefusesMore() throws Exception {
        String escrowId = fundedEscrow(TWO_MILESTONES, "");
        Instant openedAt = CLOCK.instant();
        ApiClient.Response opened = openDispute(escrowId);
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String disputeId = opened.json().get("id").asString();
        Instant dueBy = Instant.parse(opened.json().get("evidence_due_by").asString());
        assertThat(dueBy).isEqualTo(openedAt.truncatedTo(ChronoUnit.MILLIS)
                                            .plus(Duration.ofHours(2)));
        assertThat(opened.json().get("locked_by").isNull()).isTrue();
        ApiClient.Response evidence = api.post("/v1/disputes/" + disputeId + "/evidence", """
                {"submitted_by": {"actor_id": "usr_contractor", "actor_role": "contractor"},
                 "reference": {"type": "external_reference", "provider": "google_drive",
                 "uri": "https://drive.google.com/file/d/abc", "content_hash": "sha256:cd"}}""");
        assertThat(evidence.status()).as(evidence.body()).isEqualTo(201);

        runDeadlinesDueBy(dueBy.plusSeconds(1), escrowId);

        await(() -> "EVIDENCE_LOCKED".equals(api.get("/v1/disputes/" + disputeId).json().get("state").asString()));
        JsonNode locked = api.get("/v1/disputes/" + disputeId).json();
        assertThat(locked.get("locked_by").asString()).isEqualTo("evidence_deadline");
        assertThat(Instant.parse(locked.get("locked_at").asString())).isEqualTo(dueBy);
        assertThat(locked.get("evidence_digest").asString()).startsWith("sha256:");
        ApiClient.Response late = api.post("/v1/disputes/" + disputeId + "/evidence", """
                {"submitted_by": {"actor_id": "usr_client", "actor_role": "client"},
                 "reference": {"type": "external_reference", "provider": "google_drive",
                 "uri": "https://drive.google.com/file/d/late", "content_hash": "sha256:ef"}}""");
        assertThat(late.status()).as(late.body()).isEqualTo(409);
        assertThat(late.json().get("code").asString()).isEqualTo("evidence_locked");
        // The lock is the escrow's integrator's event, though no request caused it: it reaches its webhooks.
        await(() -> webhooks(escrowId).stream().anyMatch(body -> body.get("type").asString().equals("EVIDENCE_LOCKED")
                && body.at("/data/locked_by").asString().equals("evidence_deadline")));
        assertThat(webhooks(escrowId).stream().filter(body -> body.get("type").asString().equals("DISPUTE_OPENED"))
                                     .map(body -> Instant.parse(body.at("/data/evidence_due_by").asString())))
                .containsExactly(dueBy);
        // The recommendation and the decision need the lock; the deadline's lock is one.
        ApiClient.Response recommendation = api.get("/v1/disputes/" + disputeId + "/recommendation");
        assertThat(recommendation.status()).as(recommendation.body()).isEqualTo(200);
    }

    @Test
    void aMilestoneIsReleasedWhenItsInspectionPeriodEndsUndisputed() throws Exception {
        // The escrow's period (24 h) for the milestone naming none; "build" keeps its own (48 h).
        String escrowId = fundedEscrow(TWO_MILESTONES, ", \"inspection_period_hours\": 24");
        Instant deliveredAt = CLOCK.instant().truncatedTo(ChronoUnit.MILLIS);
        assertThat(deliver(escrowId, "design").status()).isEqualTo(200);
        assertThat(deliver(escrowId, "build").status()).isEqualTo(200);
        JsonNode delivered = api.get("/v1/escrows/" + escrowId).json();
        assertThat(delivered.at("/milestones/0/inspection_period_hours").asInt()).isEqualTo(24);
        assertThat(Instant.parse(delivered.at("/milestones/0/inspection_ends_at").asString()))
                .isEqualTo(deliveredAt.plus(Duration.ofHours(24)));
        assertThat(delivered.at("/milestones/1/inspection_period_hours").asInt()).isEqualTo(48);

        runDeadlinesDueBy(deliveredAt.plus(Duration.ofHours(25)), escrowId);

        await(() -> "RELEASED".equals(api.get("/v1/escrows/" + escrowId).json().at("/milestones/0/state").asString()));
        JsonNode released = api.get("/v1/escrows/" + escrowId).json();
        assertThat(Instant.parse(released.at("/milestones/0/inspection_elapsed_at").asString()))
                .isEqualTo(deliveredAt.plus(Duration.ofHours(24)));
        assertThat(released.at("/milestones/1/state").asString()).isEqualTo("DELIVERED");
        assertThat(released.get("released_amount").asLong()).isEqualTo(2000);

        runDeadlinesDueBy(deliveredAt.plus(Duration.ofHours(49)), escrowId);

        await(() -> "RELEASED".equals(api.get("/v1/escrows/" + escrowId).json().get("state").asString()));
        await(() -> webhookTypes(escrowId).containsAll(List.of("INSPECTION_PERIOD_ELAPSED", "MILESTONE_RELEASED",
                "ESCROW_RELEASED")));
        List<JsonNode> elapsed = webhooks(escrowId).stream()
                .filter(body -> body.get("type").asString().equals("INSPECTION_PERIOD_ELAPSED")).toList();
        assertThat(elapsed).extracting(body -> body.at("/data/milestone_id").asString())
                           .containsExactlyInAnyOrder("design", "build");
    }

    @Test
    void aDisputeStopsTheInspectionPeriod() throws Exception {
        String escrowId = fundedEscrow(TWO_MILESTONES, "");
        Instant deliveredAt = CLOCK.instant();
        assertThat(deliver(escrowId, "build").status()).isEqualTo(200);
        assertThat(openDispute(escrowId).status()).isEqualTo(201);

        runDeadlinesDueBy(deliveredAt.plus(Duration.ofHours(49)), escrowId);

        JsonNode escrow = api.get("/v1/escrows/" + escrowId).json();
        assertThat(escrow.get("state").asString()).isEqualTo("DISPUTED");
        assertThat(escrow.at("/milestones/1/state").asString()).isEqualTo("DELIVERED");
        assertThat(escrow.at("/milestones/1/inspection_elapsed_at").isNull()).isTrue();
        assertThat(escrow.get("released_amount").asLong()).isZero();
    }

    @Test
    void anInspectionPeriodOutOfRangeIsRefusedWithItsField() {
        ApiClient.Response refused = api.post("/v1/escrows", """
                {"external_id": "timers_bad_%d", "currency": "USD", "total_amount": 100, "inspection_period_hours": 0,
                 "milestones": [{"milestone_id": "m", "amount": 100, "inspection_period_hours": 8761}]}"""
                .formatted(System.nanoTime()));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("inspection_period_hours").contains("milestones[0].inspection_period_hours");
    }

    /**
     * Moves the clock to {@code moment} and runs every deadline due by then, waiting until none is left (db-scheduler
     * deletes a deadline's row once it ran).
     */
    private static void runDeadlinesDueBy(Instant moment, String escrowId) throws InterruptedException {
        CLOCK.advanceTo(moment);
        node.getBean(Scheduler.class).triggerCheckForDueExecutions();
        JdbcClient jdbc = JdbcClient.create(TestDatabase.shared().migratedDataSource());
        // The binary task data holds the aggregate id among its serialized scope.
        await(() -> jdbc.sql("""
                             SELECT count(*) FROM scheduled_tasks
                             WHERE position(convert_to(?, 'UTF8') in task_data) > 0 AND execution_time <= ?""")
                        .params(escrowId, OffsetDateTime.ofInstant(moment, ZoneOffset.UTC))
                        .query(Long.class).single() == 0);
    }

    /**
     * Each of the escrow's webhooks once. Delivery is at least once: moving the clock past a batch's lease while it is
     * being sent lets another claim send it again, under the same webhook-id.
     */
    private static List<JsonNode> webhooks(String escrowId) {
        Map<String, JsonNode> byWebhookId = new LinkedHashMap<>();
        receiver.accepted().forEach(received -> byWebhookId.putIfAbsent(received.header("webhook-id"),
                JSON.readTree(received.body())));
        return byWebhookId.values().stream().filter(body -> body.get("escrow_id").asString().equals(escrowId)).toList();
    }

    private static List<String> webhookTypes(String escrowId) {
        return webhooks(escrowId).stream().map(body -> body.get("type").asString()).toList();
    }

    private static void await(Supplier<Boolean> done) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Patience.BACKGROUND);
        while (!done.get()) {
            assertThat(Instant.now()).as("waited %s", Patience.BACKGROUND).isBefore(giveUp);
            Thread.sleep(50);
        }
    }
}
