package io.escrowledger.api.escrow;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Seed;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick-start guide's dispute steps: every refusal along the way, and what is recorded (QuickStartSeedIntegrationTest
 * replays the steps themselves).
 */
class DisputeIntegrationTest extends IntegrationTest {

    @Test
    void theRecommendationIsComputedOnceAndRecorded() {
        String id = lockedDispute();

        JsonNode first = api.get("/v1/disputes/" + id + "/recommendation").json();
        long events = allStoredEvents();
        JsonNode again = api.get("/v1/disputes/" + id + "/recommendation").json();

        assertThat(again).isEqualTo(first);
        assertThat(allStoredEvents()).isEqualTo(events);
    }

    @Test
    void openedByAndSubmittedByAreRecordedAsTheEventsActor() {
        String id = openDispute(fundedEscrow());
        String escrow = api.get("/v1/disputes/" + id).json().get("escrow_id").asString();

        String metadata = jdbc.sql("SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry "
                                   + "WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1")
                              .param(escrow).query(String.class).single();

        assertThat(metadata).contains("\"actor_id\":\"usr_client_456\"").contains("\"actor_role\":\"client\"");
    }

    @Test
    void disputesNeedHeldMoneyAndOnlyOneIsOpenAtATime() {
        String created = api.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).json().get("id").asString();
        expect(api.post("/v1/escrows/" + created + "/dispute", Seed.openDispute("NOT_DELIVERED")), 409,
                "invalid_state_transition");

        String escrow = fundedEscrow();
        openDispute(escrow);
        expect(api.post("/v1/escrows/" + escrow + "/dispute", Seed.openDispute("NOT_DELIVERED")), 409,
                "invalid_state_transition");
        expect(api.post("/v1/escrows/" + escrow + "/release", null), 409, "invalid_state_transition");
        // One milestone cannot be refunded alone; a full refund concedes the dispute to the client.
        expect(api.post("/v1/escrows/" + escrow + "/refund", "{\"milestone_id\": \"ms_design\"}"), 409,
                "invalid_state_transition");
        ApiClient.Response conceded = api.post("/v1/escrows/" + escrow + "/refund", null);
        assertThat(conceded.status()).isEqualTo(200);
        assertThat(conceded.json().get("state").asString()).isEqualTo("RESOLVED");
        assertThat(conceded.json().get("refund_reason").asString()).isEqualTo("dispute_decision");
    }

    @Test
    void evidenceIsRefusedAfterTheLockAndAdviceAndDecisionBeforeIt() {
        String id = openDispute(fundedEscrow());

        expect(api.get("/v1/disputes/" + id + "/recommendation"), 409, "evidence_not_locked");
        expect(api.post("/v1/disputes/" + id + "/decision", Seed.decision("SPLIT", "0.5", "0.5")), 409,
                "evidence_not_locked");
        api.post("/v1/disputes/" + id + "/lock", null);
        expect(api.post("/v1/disputes/" + id + "/evidence", Seed.evidence("client", "sha256:ab")), 409,
                "evidence_locked");
        expect(api.post("/v1/disputes/" + id + "/lock", null), 409, "invalid_state_transition");
    }

    @Test
    void aDecisionIsAppliedOnce() {
        String id = lockedDispute();

        assertThat(api.post("/v1/disputes/" + id + "/decision", Seed.decision("REFUND", "1", "0")).status()).isEqualTo(200);
        long events = allStoredEvents();
        expect(api.post("/v1/disputes/" + id + "/decision", Seed.decision("RELEASE", "0", "1")), 409,
                "invalid_state_transition");
        assertThat(allStoredEvents()).isEqualTo(events);
    }

    @Test
    void aDecisionWithoutJustificationIsRecordedWithNone() {
        String id = lockedDispute();

        ApiClient.Response decided = api.post("/v1/disputes/" + id + "/decision",
                "{\"decision\": \"SPLIT\", \"final_ratio\": {\"client\": 0.35, \"contractor\": 0.65}}");

        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
        JsonNode decision = api.get("/v1/disputes/" + id).json().get("decision");
        assertThat(decision.get("justification").isNull()).isTrue();
        assertThat(decision.get("payout").get("contractor").asLong()).isEqualTo(32500);
        expect(api.post("/v1/disputes/" + lockedDispute() + "/decision",
                "{\"decision\": \"REFUND\", \"justification\": \"\"}"), 422, "validation_failed");
    }

    @Test
    void ratiosMustAddUpToOneWithAtMostFourDecimals() {
        String id = lockedDispute();

        expect(api.post("/v1/disputes/" + id + "/decision", Seed.decision("SPLIT", "0.4", "0.5")), 422, "validation_failed");
        expect(api.post("/v1/disputes/" + id + "/decision", Seed.decision("SPLIT", "0.33333", "0.66667")), 422,
                "validation_failed");
        expect(api.post("/v1/disputes/" + id + "/decision", Seed.decision("RELEASE", "0.5", "0.5")), 422,
                "validation_failed");
        expect(api.post("/v1/disputes/" + id + "/decision",
                "{\"decision\": \"SPLIT\", \"justification\": \"no ratio\"}"), 422, "validation_failed");
        expect(api.post("/v1/disputes/" + id + "/decision", Seed.decision("SPLIT", "0e-2147483647", "1")), 422,
                "validation_failed");
        expect(api.post("/v1/disputes/" + id + "/decision", Seed.decision("SPLIT", "\"0.5\"", "\"0.5\"")), 400,
                "malformed_request");
        expect(api.post("/v1/disputes/" + id + "/decision", Seed.decision("MAYBE", "0.5", "0.5")), 400,
                "malformed_request");
        assertThat(api.get("/v1/disputes/" + id).json().get("state").asString()).isEqualTo("EVIDENCE_LOCKED");
    }

    @Test
    void malformedDisputeRequestsAreRefused() {
        String escrow = fundedEscrow();

        expect(api.post("/v1/escrows/" + escrow + "/dispute", "{\"reason_code\": \"BORED\"}"), 400, "malformed_request");
        expect(api.post("/v1/escrows/" + escrow + "/dispute",
                "{\"reason_code\": \"OTHER\", \"opened_by\": {\"actor_id\": \"u\", \"actor_role\": \"arbiter\"}}"),
                400, "malformed_request");
        JsonNode problem = expect(api.post("/v1/escrows/" + escrow + "/dispute", "{\"opened_by\": {}}"), 422,
                "validation_failed");
        assertThat(problem.get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactlyInAnyOrder("reason_code", "opened_by.actor_id", "opened_by.actor_role");
        expect(api.get("/v1/disputes/dsp_nope"), 404, "dispute_not_found");
        expect(api.get("/v1/disputes/dsp_01a1fd71-8fb0-77f8-9808-a85ef68be7fc"), 404, "dispute_not_found");
    }

    @Test
    void anotherIntegratorsDisputeIsNotFound() {
        String id = openDispute(fundedEscrow());
        ApiClient other = new Admin(api).newIntegrator("Dispute neighbour");

        expect(other.get("/v1/disputes/" + id), 404, "dispute_not_found");
        expect(other.post("/v1/disputes/" + id + "/evidence", Seed.evidence("client", "sha256:ab")), 404,
                "dispute_not_found");
        expect(other.post("/v1/disputes/" + id + "/lock", null), 404, "dispute_not_found");
        assertThat(api.get("/v1/disputes/" + id).json().get("evidence")).isEmpty();
    }

    private JsonNode expect(ApiClient.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("code").asString()).isEqualTo(code);
        return response.json();
    }

    private String fundedEscrow() {
        String id = api.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).json().get("id").asString();
        api.post("/v1/escrows/" + id + "/payment-status", Seed.paymentStatus("pi_stripe_xyz"));
        return id;
    }

    private String deliveredEscrow() {
        String id = fundedEscrow();
        api.post("/v1/escrows/" + id + "/deliverable", Seed.deliverable("ms_design"));
        return id;
    }

    private String openDispute(String escrow) {
        return api.post("/v1/escrows/" + escrow + "/dispute", Seed.openDispute("DELIVERABLE_INCOMPLETE"))
                  .json().get("id").asString();
    }

    private String lockedDispute() {
        String id = openDispute(deliveredEscrow());
        api.post("/v1/disputes/" + id + "/lock", null);
        return id;
    }
}
