package io.escrowledger.api.payout;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Seed;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payouts over HTTP: the first seed's escrow releases its design milestone, then a split decision pays out the rest
 * (10500 to the client, 19500 to the contractor); the integrator records the transfers it made, and the service says
 * what is reconciled, partly, over-paid or not at all, and flags what stays unreconciled.
 */
class PayoutIntegrationTest extends IntegrationTest {

    @Autowired
    private PayoutReconciliationWatch watch;

    private static String transfer(String reference, String party, long amount) {
        return """
               {"reference": "%s", "party": "%s", "amount": %d, "executed_at": "2025-02-11T09:00:00Z"}"""
                .formatted(reference, party, amount);
    }

    /** The escrow, its design milestone released, the rest decided 35 / 65: its three payouts' ids, in order. */
    private static List<String> releaseThenSplit(ApiClient integrator, String escrow) {
        integrator.post("/v1/escrows/" + escrow + "/release", "{\"milestone_id\": \"ms_design\"}");
        String dispute = integrator.post("/v1/escrows/" + escrow + "/dispute", Seed.openDispute("NOT_DELIVERED"))
                                   .json().get("id").asString();
        integrator.post("/v1/disputes/" + dispute + "/lock", null);
        assertThat(integrator.post("/v1/disputes/" + dispute + "/decision", Seed.decision("SPLIT", "0.35", "0.65"))
                             .status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        integrator.get("/v1/escrows/" + escrow + "/payouts").json().get("data")
                  .forEach(payout -> ids.add(0, payout.get("id").asString()));
        return ids;
    }

    @Test
    void aSplitDecisionsPayoutsAreReconciledByTheTransfersRecorded() {
        String escrow = Seed.fundedEscrow(api);
        List<String> ids = releaseThenSplit(api, escrow);
        assertThat(ids).containsExactly("po_" + escrow.substring(4) + "_1", "po_" + escrow.substring(4) + "_2",
                "po_" + escrow.substring(4) + "_3");
        JsonNode client = api.get("/v1/payouts/" + ids.get(1)).json();
        assertThat(client.get("kind").asString()).isEqualTo("decision");
        assertThat(client.get("party").asString()).isEqualTo("client");
        assertThat(client.get("expected_amount").asLong()).isEqualTo(10500);
        assertThat(client.get("status").asString()).isEqualTo("unreconciled");
        assertThat(api.get("/v1/payouts/" + ids.get(2)).json().get("expected_amount").asLong()).isEqualTo(19500);
        assertThat(api.get("/v1/payouts/" + ids.get(0)).json().get("milestone_id").asString()).isEqualTo("ms_design");

        ApiClient.Response paid = api.post("/v1/payouts/" + ids.get(1) + "/transfers",
                transfer("tr_client", "client", 10500));
        assertThat(paid.status()).isEqualTo(200);
        assertThat(paid.json().get("status").asString()).isEqualTo("reconciled");
        assertThat(paid.json().at("/transfers/0/reference").asString()).isEqualTo("tr_client");
        long events = storedEvents(escrow);
        assertThat(api.post("/v1/payouts/" + ids.get(1) + "/transfers", transfer("tr_client", "client", 10500)).json())
                .isEqualTo(paid.json());
        assertThat(storedEvents(escrow)).as("the same transfer again stores nothing").isEqualTo(events);

        JsonNode partly = api.post("/v1/payouts/" + ids.get(2) + "/transfers",
                transfer("tr_contractor", "contractor", 19000)).json();
        assertThat(partly.get("status").asString()).isEqualTo("partially_reconciled");
        assertThat(partly.get("transferred_amount").asLong()).isEqualTo(19000);
        JsonNode overPaid = api.post("/v1/payouts/" + ids.get(0) + "/transfers",
                transfer("tr_design", "contractor", 20001)).json();
        assertThat(overPaid.get("status").asString()).isEqualTo("over_paid");

        assertThat(ids(api.get("/v1/payouts?status=partially_reconciled&escrow_id=" + escrow)))
                .containsExactly(ids.get(2));
        assertThat(ids(api.get("/v1/escrows/" + escrow + "/payouts?status=reconciled"))).containsExactly(ids.get(1));
        assertThat(ids(api.get("/v1/payouts?status=unreconciled&escrow_id=" + escrow))).isEmpty();
    }

    @Test
    void aTransferIsRefusedForTheWrongPartyAReusedReferenceOrAnUnknownPayout() {
        String escrow = Seed.fundedEscrow(api);
        List<String> ids = releaseThenSplit(api, escrow);
        api.post("/v1/payouts/" + ids.get(1) + "/transfers", transfer("tr_1", "client", 10500));
        long events = storedEvents(escrow);

        ApiClient.Response wrongParty = api.post("/v1/payouts/" + ids.get(2) + "/transfers",
                transfer("tr_2", "client", 19500));
        ApiClient.Response reused = api.post("/v1/payouts/" + ids.get(2) + "/transfers",
                transfer("tr_1", "contractor", 19500));
        ApiClient.Response unknown = api.post("/v1/payouts/po_" + escrow.substring(4) + "_9/transfers",
                transfer("tr_3", "client", 1));
        ApiClient.Response malformed = api.get("/v1/payouts/po_nothing");
        ApiClient.Response noAmount = api.post("/v1/payouts/" + ids.get(2) + "/transfers",
                "{\"reference\": \"tr_4\", \"party\": \"contractor\", \"executed_at\": \"2025-02-11T09:00:00Z\"}");

        assertThat(wrongParty.status()).isEqualTo(422);
        assertThat(wrongParty.json().get("code").asString()).isEqualTo("payout_party_mismatch");
        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.json().get("code").asString()).isEqualTo("reference_conflict");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asString()).isEqualTo("payout_not_found");
        assertThat(malformed.json().get("code").asString()).isEqualTo("payout_not_found");
        assertThat(noAmount.json().get("code").asString()).isEqualTo("validation_failed");
        assertThat(storedEvents(escrow)).isEqualTo(events);
        ApiClient other = new Admin(api).newIntegrator("Not theirs");
        assertThat(other.get("/v1/payouts/" + ids.get(1)).json().get("code").asString()).isEqualTo("payout_not_found");
        assertThat(other.get("/v1/escrows/" + escrow + "/payouts").status()).isEqualTo(404);
    }

    @Test
    void theUnreconciledListPagesWithCursors() {
        String escrow = Seed.fundedEscrow(api);
        List<String> ids = releaseThenSplit(api, escrow);

        JsonNode first = api.get("/v1/payouts?status=unreconciled&escrow_id=" + escrow + "&limit=2").json();
        assertThat(first.get("has_more").asBoolean()).isTrue();
        JsonNode second = api.get("/v1/payouts?status=unreconciled&escrow_id=" + escrow + "&limit=2&cursor="
                                  + first.get("next_cursor").asString()).json();

        List<String> seen = new ArrayList<>();
        first.get("data").forEach(p -> seen.add(p.get("id").asString()));
        second.get("data").forEach(p -> seen.add(p.get("id").asString()));
        assertThat(seen).containsExactly(ids.get(2), ids.get(1), ids.get(0));
        assertThat(second.get("has_more").asBoolean()).isFalse();
        ApiClient.Response otherList = api.get("/v1/payouts?status=reconciled&escrow_id=" + escrow + "&cursor="
                                               + first.get("next_cursor").asString());
        assertThat(otherList.status()).isEqualTo(422);
    }

    @Test
    void aPayoutLeftUnreconciledIsFlaggedOnceAndTheIntegratorTold() {
        ApiClient integrator = new Admin(api).newIntegrator("Reconciles");
        integrator.post("/v1/webhook-endpoints", "{\"url\": \"http://127.0.0.1:9/never\"}");
        String escrow = Seed.fundedEscrow(integrator);
        List<String> ids = releaseThenSplit(integrator, escrow);
        integrator.post("/v1/payouts/" + ids.get(1) + "/transfers", transfer("tr_client", "client", 10500));
        integrator.post("/v1/payouts/" + ids.get(2) + "/transfers", transfer("tr_part", "contractor", 19000));

        // Four days on (the default allows three): each look flags up to a hundred, the longest waiting first.
        Instant later = Instant.now().plus(Duration.ofDays(4));
        for (int look = 0; look < 200 && flaggedAt(integrator, ids.get(2)).isNull(); look++) {
            watch.flagOverdue(later);
        }
        watch.flagOverdue(later);

        assertThat(flaggedAt(integrator, ids.get(2)).isNull()).isFalse();
        assertThat(flaggedAt(integrator, ids.get(0)).isNull()).isFalse();
        assertThat(flaggedAt(integrator, ids.get(1)).isNull()).as("reconciled").isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM webhook_messages WHERE escrow_id = ? AND event_type = ?")
                       .params(escrow, "PAYOUT_UNRECONCILED").query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT body FROM webhook_messages WHERE escrow_id = ? AND event_type = ? ORDER BY sequence")
                       .params(escrow, "PAYOUT_UNRECONCILED").query(String.class).list())
                .anySatisfy(body -> assertThat(body).contains("\"status\":\"PARTIALLY_RECONCILED\"")
                                                    .contains("\"transferred_amount\":19000"));
    }

    private static JsonNode flaggedAt(ApiClient integrator, String payoutId) {
        return integrator.get("/v1/payouts/" + payoutId).json().get("flagged_at");
    }

    private static List<String> ids(ApiClient.Response response) {
        assertThat(response.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("data").forEach(payout -> ids.add(payout.get("id").asString()));
        return ids;
    }
}
