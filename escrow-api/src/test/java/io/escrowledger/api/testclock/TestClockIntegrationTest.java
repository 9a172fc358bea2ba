package io.escrowledger.api.testclock;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Seed;
import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.ApiException;
import io.escrowledger.api.web.RequestContext;
import io.escrowledger.api.web.RequestValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Escrows on a test clock, over HTTP: advancing the clock fires their deadlines before it answers, so whole flows
 * that take days run here without waiting for anything (no sleep, no polling: every read right after an advance
 * already shows its effect). Each test acts as an integrator of its own.
 */
class TestClockIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");

    private ApiClient client;

    @BeforeEach
    void integratorOfItsOwn() {
        client = new Admin(api).newIntegrator("clocks_" + System.nanoTime());
    }

    private String clockAt(Instant time) {
        ApiClient.Response created = client.post("/v1/test-clocks", """
                {"frozen_time": "%s", "name": "flow"}""".formatted(time));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("status").asString()).isEqualTo("ready");
        return created.json().get("id").asString();
    }

    private ApiClient.Response advance(String clockId, Instant to) {
        return client.post("/v1/test-clocks/" + clockId + "/advance", "{\"frozen_time\": \"" + to + "\"}");
    }

    /** A funded escrow on {@code clockId}; {@code terms} adds fields to the creation request. */
    private String fundedEscrowOn(String clockId, String milestones, String terms) {
        ApiClient.Response created = client.post("/v1/escrows", """
                {"external_id": "%s", "currency": "USD", "total_amount": 5000, "milestones": %s,
                 "test_clock": "%s"%s}""".formatted(Seed.uniqueExternalId(), milestones, clockId, terms));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String escrowId = created.json().get("id").asString();
        ApiClient.Response funded = client.post("/v1/escrows/" + escrowId + "/payment-status", """
                {"external_payment_ref": "pi_%s", "status": "FUNDS_HELD", "declared_at": "%s"}"""
                .formatted(escrowId, T0));
        assertThat(funded.status()).as(funded.body()).isEqualTo(200);
        return escrowId;
    }

    private JsonNode escrow(String escrowId) {
        return client.get("/v1/escrows/" + escrowId).json();
    }

    private List<String> webhookBodies(String escrowId, String type) {
        return jdbc.sql("SELECT body FROM webhook_messages WHERE escrow_id = ? AND event_type = ? ORDER BY sequence")
                   .params(escrowId, type).query(String.class).list();
    }

    @Test
    void aWeekLongExpiryRunsByAdvancingTheClock() {
        client.post("/v1/webhook-endpoints", "{\"url\": \"http://127.0.0.1:9/hooks\", "
                                             + "\"event_types\": [\"ESCROW_EXPIRED\"]}");
        String clockId = clockAt(T0);
        String escrowId = fundedEscrowOn(clockId, "[{\"milestone_id\": \"all\", \"amount\": 5000}]",
                ", \"expires_at\": \"" + T0.plus(Duration.ofDays(7)) + "\"");
        JsonNode created = escrow(escrowId);
        assertThat(created.get("test_clock").asString()).isEqualTo(clockId);
        assertThat(Instant.parse(created.get("created_at").asString())).isEqualTo(T0);
        // Nothing of it waits in db-scheduler: real time never fires it.
        assertThat(jdbc.sql("SELECT count(*) FROM scheduled_tasks WHERE position(convert_to(?, 'UTF8') in task_data) > 0")
                       .param(escrowId).query(Long.class).single()).isZero();

        ApiClient.Response advanced = advance(clockId, T0.plus(Duration.ofDays(8)));

        assertThat(advanced.status()).as(advanced.body()).isEqualTo(200);
        assertThat(advanced.json().get("deadlines_fired").asInt()).isEqualTo(1);
        assertThat(Instant.parse(advanced.json().get("frozen_time").asString())).isEqualTo(T0.plus(Duration.ofDays(8)));
        JsonNode expired = escrow(escrowId);
        assertThat(expired.get("state").asString()).isEqualTo("REFUNDED");
        assertThat(Instant.parse(expired.get("expired_at").asString())).isEqualTo(T0.plus(Duration.ofDays(7)));
        assertThat(expired.get("refunded_amount").asLong()).isEqualTo(5000);
        List<String> webhooks = webhookBodies(escrowId, "ESCROW_EXPIRED");
        assertThat(webhooks).hasSize(1);
        assertThat(JSON.readTree(webhooks.get(0)).get("test_clock").asString()).isEqualTo(clockId);
        assertThat(client.get("/v1/escrows?external_id=" + expired.get("external_id").asString()).json()
                         .at("/data/0/test_clock").asString()).isEqualTo(clockId);
    }

    @Test
    void milestoneDeadlinesAndTimeReleasesFireInDueOrder() {
        String clockId = clockAt(T0);
        String escrowId = fundedEscrowOn(clockId, """
                [{"milestone_id": "all", "amount": 5000, "deadline": "%s"}]""".formatted(T0.plus(Duration.ofDays(1))),
                ", \"release_condition\": {\"type\": \"time_release\", \"release_at\": \"%s\"}"
                        .formatted(T0.plus(Duration.ofDays(2))));

        assertThat(advance(clockId, T0.plus(Duration.ofHours(36))).json().get("deadlines_fired").asInt()).isEqualTo(1);
        JsonNode overdue = escrow(escrowId);
        assertThat(Instant.parse(overdue.at("/milestones/0/overdue_at").asString()))
                .isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(overdue.get("state").asString()).isEqualTo("FUNDED");

        assertThat(advance(clockId, T0.plus(Duration.ofDays(3))).json().get("deadlines_fired").asInt()).isEqualTo(1);
        JsonNode released = escrow(escrowId);
        assertThat(released.get("state").asString()).isEqualTo("RELEASED");
        assertThat(Instant.parse(released.at("/milestones/0/released_at").asString()))
                .isEqualTo(T0.plus(Duration.ofDays(2)));
    }

    @Test
    void inspectionPeriodsAndEvidenceDeadlinesRunOnTheClocksTime() {
        String clockId = clockAt(T0);
        String inspected = fundedEscrowOn(clockId, "[{\"milestone_id\": \"all\", \"amount\": 5000}]",
                ", \"inspection_period_hours\": 24");
        String disputed = fundedEscrowOn(clockId, "[{\"milestone_id\": \"all\", \"amount\": 5000}]", "");
        assertThat(advance(clockId, T0.plus(Duration.ofHours(1))).json().get("deadlines_fired").asInt()).isZero();

        ApiClient.Response delivered = client.post("/v1/escrows/" + inspected + "/deliverable", """
                {"milestone_id": "all", "reference": {"type": "external_reference", "provider": "github",
                 "uri": "https://github.com/org/repo/pull/1", "content_hash": "sha256:ab"}}""");
        assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
        // Delivered at the clock's time, not the service's.
        assertThat(Instant.parse(delivered.json().at("/milestones/0/inspection_ends_at").asString()))
                .isEqualTo(T0.plus(Duration.ofHours(25)));
        ApiClient.Response opened = client.post("/v1/escrows/" + disputed + "/dispute",
                Seed.openDispute("QUALITY_ISSUE"));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        assertThat(Instant.parse(opened.json().get("evidence_due_by").asString()))
                .isEqualTo(T0.plus(Duration.ofHours(1)).plus(Duration.ofDays(7)));

        ApiClient.Response advanced = advance(clockId, T0.plus(Duration.ofDays(9)));

        assertThat(advanced.json().get("deadlines_fired").asInt()).isEqualTo(2);
        assertThat(escrow(inspected).get("state").asString()).isEqualTo("RELEASED");
        JsonNode dispute = client.get("/v1/disputes/" + opened.json().get("id").asString()).json();
        assertThat(dispute.get("state").asString()).isEqualTo("EVIDENCE_LOCKED");
        assertThat(dispute.get("locked_by").asString()).isEqualTo("evidence_deadline");
    }

    @Test
    void aClockOnlyMovesForwardAndBelongsToItsIntegrator() {
        String clockId = clockAt(T0);
        ApiClient.Response backwards = advance(clockId, T0.minusSeconds(1));
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.json().get("code").asString()).isEqualTo("test_clock_backwards");
        assertThat(Instant.parse(client.get("/v1/test-clocks/" + clockId).json().get("frozen_time").asString()))
                .isEqualTo(T0);

        ApiClient other = new Admin(api).newIntegrator("other_" + System.nanoTime());
        assertThat(other.get("/v1/test-clocks/" + clockId).json().get("code").asString())
                .isEqualTo("test_clock_not_found");
        assertThat(other.post("/v1/test-clocks/" + clockId + "/advance", "{\"frozen_time\": \"" + T0 + "\"}")
                        .status()).isEqualTo(404);
        ApiClient.Response onAnothersClock = other.post("/v1/escrows", """
                {"external_id": "x_%d", "currency": "USD", "total_amount": 5000,
                 "milestones": [{"milestone_id": "all", "amount": 5000}], "test_clock": "%s"}"""
                .formatted(System.nanoTime(), clockId));
        assertThat(onAnothersClock.status()).isEqualTo(422);
        assertThat(onAnothersClock.body()).contains("test_clock");
    }

    @Test
    void escrowsOnATestClockStayOutOfAnalytics() {
        String onClock = fundedEscrowOn(clockAt(T0), "[{\"milestone_id\": \"all\", \"amount\": 5000}]", "");
        String real = Seed.fundedEscrow(client);
        assertThat(escrow(real).get("test_clock").isNull()).isTrue();
        String analytics = "SELECT count(*) FROM analytics.escrows WHERE escrow_id = ?";
        assertThat(jdbc.sql(analytics).param(real).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql(analytics).param(onClock).query(Long.class).single()).isZero();
    }

    @Test
    void switchedOffTheFeatureRefusesClocksAndEscrowsOnThem() {
        TestClocks off = new TestClocks(jdbc, Clock.systemUTC(), false);
        assertThatThrownBy(off::requireEnabled).isInstanceOfSatisfying(ApiException.class,
                refused -> assertThat(refused.error()).isEqualTo(ApiError.TEST_CLOCKS_DISABLED));
        assertThatThrownBy(() -> off.get("int_any", "clk_0190a5c4-8f00-7000-8000-0000000000c1", false))
                .isInstanceOf(ApiException.class);
        RequestContext context = new RequestContext("req_1", "int_any", null);
        assertThatThrownBy(() -> off.creationTime(context, "clk_0190a5c4-8f00-7000-8000-0000000000c1"))
                .isInstanceOf(RequestValidationException.class);
        assertThat(off.creationTime(context, null)).isNotNull();
    }
}
