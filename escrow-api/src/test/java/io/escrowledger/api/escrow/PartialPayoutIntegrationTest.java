package io.escrowledger.api.escrow;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Seed;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Releases and refunds of part of a milestone over HTTP: `amount`, the rest held, and a dispute over what remains. */
class PartialPayoutIntegrationTest extends IntegrationTest {

    private ApiClient integrator;
    private String escrow;

    @BeforeEach
    void fundedSeedEscrow() {
        integrator = new Admin(api).newIntegrator("Partial " + System.nanoTime());
        escrow = Seed.fundedEscrow(integrator);
    }

    @Test
    void release_withAmount_paysOutThatPartAndKeepsTheRestHeld() {
        JsonNode released = integrator.post("/v1/escrows/" + escrow + "/release",
                "{\"milestone_id\": \"ms_design\", \"amount\": 8000}").json();

        assertThat(released.get("state").asString()).isEqualTo("FUNDED");
        assertThat(released.get("held_amount").asLong()).isEqualTo(42000);
        assertThat(released.get("released_amount").asLong()).isEqualTo(8000);
        JsonNode design = released.get("milestones").get(0);
        assertThat(design.get("state").asString()).isEqualTo("FUNDED");
        assertThat(design.get("remaining_amount").asLong()).isEqualTo(12000);
        assertThat(design.get("payout_breakdown").get("contractor").get("gross").asLong()).isEqualTo(8000);
    }

    @Test
    void refundThenReleaseOfTheRest_settlesTheMilestone() {
        integrator.post("/v1/escrows/" + escrow + "/refund", "{\"milestone_id\": \"ms_design\", \"amount\": 5000}");
        JsonNode closed = integrator.post("/v1/escrows/" + escrow + "/release", null).json();

        assertThat(closed.get("state").asString()).isEqualTo("SETTLED");
        assertThat(closed.get("released_amount").asLong()).isEqualTo(45000);
        assertThat(closed.get("refunded_amount").asLong()).isEqualTo(5000);
        assertThat(closed.get("milestones").get(0).get("state").asString()).isEqualTo("SETTLED");
        assertThat(closed.get("milestones").get(1).get("state").asString()).isEqualTo("RELEASED");
    }

    @Test
    void release_fails_withAmountExceedsHeld_forMoreThanTheMilestoneHolds() {
        integrator.post("/v1/escrows/" + escrow + "/release", "{\"milestone_id\": \"ms_design\", \"amount\": 8000}");
        long events = storedEvents(escrow);

        ApiClient.Response refused = integrator.post("/v1/escrows/" + escrow + "/refund",
                "{\"milestone_id\": \"ms_design\", \"amount\": 12001}");

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("code").asString()).isEqualTo("amount_exceeds_held");
        assertThat(refused.json().get("remaining_amount").asString()).isEqualTo("12000");
        assertThat(storedEvents(escrow)).isEqualTo(events);
    }

    @Test
    void release_fails_withValidationFailed_forAnAmountWithoutItsMilestone() {
        long events = storedEvents(escrow);

        ApiClient.Response refused = integrator.post("/v1/escrows/" + escrow + "/release", "{\"amount\": 8000}");

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("code").asString()).isEqualTo("validation_failed");
        assertThat(integrator.post("/v1/escrows/" + escrow + "/refund",
                "{\"milestone_id\": \"ms_design\", \"amount\": 0}").status()).isEqualTo(422);
        assertThat(storedEvents(escrow)).isEqualTo(events);
    }

    /** 8000 released, then a dispute: it holds the 42000 left, and the seed's 35 / 65 decision pays out only those. */
    @Test
    void aDisputeAfterAPartialReleaseDecidesOnlyWhatRemains() {
        integrator.post("/v1/escrows/" + escrow + "/release", "{\"milestone_id\": \"ms_design\", \"amount\": 8000}");
        JsonNode dispute = integrator.post("/v1/escrows/" + escrow + "/dispute",
                Seed.openDispute("DELIVERABLE_INCOMPLETE")).json();
        String disputeId = dispute.get("id").asString();
        integrator.post("/v1/disputes/" + disputeId + "/lock", null);

        JsonNode decided = integrator.post("/v1/disputes/" + disputeId + "/decision",
                Seed.decision("SPLIT", "0.35", "0.65")).json();

        assertThat(decided.get("payout").toString()).isEqualTo("{\"client\":14700,\"contractor\":27300}");
        JsonNode closed = integrator.get("/v1/escrows/" + escrow).json();
        assertThat(closed.get("state").asString()).isEqualTo("RESOLVED");
        assertThat(closed.get("released_amount").asLong()).isEqualTo(8000 + 27300);
        assertThat(closed.get("refunded_amount").asLong()).isEqualTo(14700);
        assertThat(integrator.get("/v1/disputes/" + disputeId).json().get("held_amount").asLong()).isEqualTo(42000);
    }
}
