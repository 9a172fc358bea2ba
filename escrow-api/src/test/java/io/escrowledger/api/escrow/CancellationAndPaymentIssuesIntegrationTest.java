package io.escrowledger.api.escrow;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Seed;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Cancelling an unfunded escrow, a payment that failed before funding, and a reversal after it, over HTTP. */
class CancellationAndPaymentIssuesIntegrationTest extends IntegrationTest {

    private static String declaration(String reference, String status, String reason) {
        return """
               {"external_payment_ref": "%s", "status": "%s", "reason": "%s", "declared_at": "2025-01-15T10:20:00Z"}"""
                .formatted(reference, status, reason);
    }

    @Test
    void aFailedPaymentLeavesTheEscrowCreatedAndItCanThenBeCancelled() {
        ApiClient integrator = new Admin(api).newIntegrator("Cancels");
        integrator.post("/v1/webhook-endpoints", "{\"url\": \"http://127.0.0.1:9/never\"}");
        String id = create(integrator);

        ApiClient.Response failed = integrator.post("/v1/escrows/" + id + "/payment-status",
                declaration("pi_failed", "PAYMENT_FAILED", "card_declined"));
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.json()).isEqualTo(ApiClient.tree(Map.of("status", "accepted", "current_state", "CREATED")));
        JsonNode afterFailure = integrator.get("/v1/escrows/" + id).json();
        assertThat(afterFailure.get("state").asString()).isEqualTo("CREATED");
        assertThat(afterFailure.get("held_amount").asLong()).isZero();
        assertThat(afterFailure.at("/payment_failure/external_payment_ref").asString()).isEqualTo("pi_failed");
        assertThat(afterFailure.at("/payment_failure/reason").asString()).isEqualTo("card_declined");
        assertThat(afterFailure.at("/payment_failure/failed_at").asString()).isEqualTo("2025-01-15T10:20:00Z");
        long events = storedEvents(id);
        assertThat(integrator.post("/v1/escrows/" + id + "/payment-status",
                declaration("pi_failed", "PAYMENT_FAILED", "card_declined")).status()).isEqualTo(200);
        assertThat(storedEvents(id)).as("the same failure again stores nothing").isEqualTo(events);

        ApiClient.Response cancelled = integrator.post("/v1/escrows/" + id + "/cancel",
                "{\"reason\": \"Buyer abandoned the order\"}");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().get("cancellation_reason").asString()).isEqualTo("Buyer abandoned the order");
        assertThat(cancelled.json().get("closed_at").isNull()).isFalse();
        assertThat(integrator.post("/v1/escrows/" + id + "/cancel", "{\"reason\": \"again\"}").json()
                             .get("cancellation_reason").asString()).isEqualTo("Buyer abandoned the order");

        ApiClient.Response funding = integrator.post("/v1/escrows/" + id + "/payment-status",
                Seed.paymentStatus("pi_late"));
        assertThat(funding.status()).isEqualTo(409);
        assertThat(funding.json().get("code").asString()).isEqualTo("invalid_state_transition");
        assertThat(integrator.get("/v1/escrows?state=CANCELLED").json().get("data").get(0).get("id").asString())
                .isEqualTo(id);
        assertThat(webhookTypes(id)).containsExactly("ESCROW_CREATED", "PAYMENT_FAILED", "ESCROW_CANCELLED");
    }

    @Test
    void aFundedEscrowCannotBeCancelled() {
        String id = create(api);
        api.post("/v1/escrows/" + id + "/payment-status", Seed.paymentStatus("pi_ok"));
        long events = storedEvents(id);

        ApiClient.Response refused = api.post("/v1/escrows/" + id + "/cancel", "{\"reason\": \"changed my mind\"}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("code").asString()).isEqualTo("invalid_state_transition");
        assertThat(storedEvents(id)).isEqualTo(events);
    }

    @Test
    void aCancellationNeedsAReasonAndADeclarationItsStatussReason() {
        String id = create(api);

        ApiClient.Response noReason = api.post("/v1/escrows/" + id + "/cancel", "{}");
        ApiClient.Response failureWithoutReason = api.post("/v1/escrows/" + id + "/payment-status",
                "{\"external_payment_ref\": \"pi_1\", \"status\": \"PAYMENT_FAILED\"}");
        ApiClient.Response heldWithReason = api.post("/v1/escrows/" + id + "/payment-status",
                declaration("pi_1", "FUNDS_HELD", "why not"));

        for (ApiClient.Response refused : List.of(noReason, failureWithoutReason, heldWithReason)) {
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.json().get("code").asString()).isEqualTo("validation_failed");
            assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("reason");
        }
        assertThat(storedEvents(id)).isEqualTo(1);
    }

    @Test
    void aReversalFreezesTheEscrowReleasesAreRefusedAndARefundStillPaysOut() {
        String id = create(api);
        api.post("/v1/escrows/" + id + "/payment-status", Seed.paymentStatus("pi_charged"));

        ApiClient.Response reversed = api.post("/v1/escrows/" + id + "/payment-status",
                declaration("pi_charged", "FUNDS_REVERSED", "chargeback: fraudulent"));
        assertThat(reversed.status()).isEqualTo(200);
        assertThat(reversed.json().get("current_state").asString()).isEqualTo("FUNDED");
        JsonNode frozen = api.get("/v1/escrows/" + id).json();
        assertThat(frozen.at("/reversal/reason").asString()).isEqualTo("chargeback: fraudulent");
        assertThat(frozen.get("held_amount").asLong()).isEqualTo(50000);

        long events = storedEvents(id);
        ApiClient.Response release = api.post("/v1/escrows/" + id + "/release", null);
        assertThat(release.status()).isEqualTo(409);
        assertThat(release.json().get("code").asString()).isEqualTo("escrow_frozen");
        assertThat(storedEvents(id)).isEqualTo(events);
        ApiClient.Response otherReference = api.post("/v1/escrows/" + id + "/payment-status",
                declaration("pi_other", "FUNDS_REVERSED", "chargeback"));
        assertThat(otherReference.json().get("code").asString()).isEqualTo("payment_reference_conflict");

        JsonNode refunded = api.post("/v1/escrows/" + id + "/refund", null).json();
        assertThat(refunded.get("state").asString()).isEqualTo("REFUNDED");
        assertThat(refunded.get("refunded_amount").asLong()).isEqualTo(50000);
    }

    @Test
    void aReversalDuringADisputeLeavesTheDecisionToPayOut() {
        String id = create(api);
        api.post("/v1/escrows/" + id + "/payment-status", Seed.paymentStatus("pi_disputed"));
        String dispute = api.post("/v1/escrows/" + id + "/dispute", Seed.openDispute("NOT_DELIVERED")).json()
                            .get("id").asString();

        assertThat(api.post("/v1/escrows/" + id + "/payment-status",
                declaration("pi_disputed", "FUNDS_REVERSED", "chargeback")).json().get("current_state").asString())
                .isEqualTo("DISPUTED");
        api.post("/v1/disputes/" + dispute + "/lock", null);
        ApiClient.Response decided = api.post("/v1/disputes/" + dispute + "/decision",
                Seed.decision("SPLIT", "0.35", "0.65"));

        assertThat(decided.status()).isEqualTo(200);
        JsonNode escrow = api.get("/v1/escrows/" + id).json();
        assertThat(escrow.get("state").asString()).isEqualTo("RESOLVED");
        assertThat(escrow.get("refunded_amount").asLong() + escrow.get("released_amount").asLong()).isEqualTo(50000);
        assertThat(escrow.get("reversal").isNull()).isFalse();
    }

    @Test
    void aVaultFundedEscrowTakesNoCancellationFailureOrReversalOwesNoPayoutAndTheLedgerBalances() {
        String vault = api.post("/v1/vaults", "{\"currency\": \"USDC\"}").json().get("id").asString();
        api.post("/v1/vaults/" + vault + "/deposits", "{\"amount\": 100000, \"reference\": \"dep_" + vault + "\"}");
        String id = Seed.vaultFundedEscrow(api, vault);
        long events = storedEvents(id);

        List<ApiClient.Response> refused = List.of(
                api.post("/v1/escrows/" + id + "/cancel", "{\"reason\": \"changed my mind\"}"),
                api.post("/v1/escrows/" + id + "/payment-status", declaration("pi_x", "PAYMENT_FAILED", "declined")),
                api.post("/v1/escrows/" + id + "/payment-status", declaration("pi_x", "FUNDS_REVERSED", "chargeback")));
        for (ApiClient.Response response : refused) {
            assertThat(response.status()).isEqualTo(409);
            assertThat(response.json().get("code").asString()).isEqualTo("invalid_state_transition");
        }
        assertThat(storedEvents(id)).isEqualTo(events);
        api.post("/v1/escrows/" + id + "/release", "{\"milestone_id\": \"ms_design\"}");
        api.post("/v1/escrows/" + id + "/refund", null);

        assertThat(api.get("/v1/escrows/" + id + "/payouts").json().get("data").size()).isZero();
        JsonNode check = new Admin(api).get("/admin/v1/ledger/check").json();
        assertThat(check.get("balanced").asBoolean()).as(check.toString()).isTrue();
    }

    private static String create(ApiClient client) {
        return client.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).json().get("id").asString();
    }

    private List<String> webhookTypes(String escrowId) {
        return jdbc.sql("SELECT event_type FROM webhook_messages WHERE escrow_id = ? ORDER BY sequence")
                   .param(escrowId).query(String.class).list();
    }
}
