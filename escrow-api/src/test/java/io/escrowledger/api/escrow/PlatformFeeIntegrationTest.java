package io.escrowledger.api.escrow;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Seed;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The platform's fee over HTTP: terms at creation, gross / fee / net on every payout, the ledger's platform account. */
class PlatformFeeIntegrationTest extends IntegrationTest {

    private ApiClient integrator;

    @BeforeEach
    void newIntegrator() {
        integrator = new Admin(api).newIntegrator("Fees " + System.nanoTime());
    }

    /** The seed escrow: 2.5% (half-even) on the design milestone, a fixed 999 on development. */
    private static String escrowWithFees(String currency, String extra) {
        return """
               {"external_id": "%s", "currency": "%s", "total_amount": 50000,
                "milestones": [{"milestone_id": "ms_design", "amount": 20000},
                               {"milestone_id": "ms_development", "amount": 30000, "platform_fee": {"amount": 999}}],
                "platform_fee": {"basis_points": 250, "rounding": "half_even"}%s}"""
                .formatted(Seed.uniqueExternalId(), currency, extra);
    }

    @Test
    void createEscrow_showsTheFeeTermsAndEachMilestonesFee() {
        JsonNode escrow = integrator.post("/v1/escrows", escrowWithFees("USD", "")).json();

        assertThat(escrow.get("platform_fee").get("basis_points").asInt()).isEqualTo(250);
        assertThat(escrow.get("platform_fee").get("rounding").asString()).isEqualTo("half_even");
        assertThat(escrow.get("platform_fee").get("amount").isNull()).isTrue();
        assertThat(escrow.get("fee_amount").asLong()).isEqualTo(500 + 999);
        JsonNode design = escrow.get("milestones").get(0);
        JsonNode development = escrow.get("milestones").get(1);
        assertThat(design.get("fee_amount").asLong()).isEqualTo(500);
        assertThat(design.get("platform_fee").isNull()).isTrue();
        assertThat(development.get("fee_amount").asLong()).isEqualTo(999);
        assertThat(development.get("platform_fee").get("amount").asLong()).isEqualTo(999);
        assertThat(development.get("remaining_amount").asLong()).isEqualTo(30000);
    }

    @Test
    void releaseAndRefund_stateGrossFeeAndNetPerParty() {
        String id = integrator.post("/v1/escrows", escrowWithFees("USD", "")).json().get("id").asString();
        integrator.post("/v1/escrows/" + id + "/payment-status", Seed.paymentStatus("pi_" + UUID.randomUUID()));

        JsonNode released = integrator.post("/v1/escrows/" + id + "/release", "{\"milestone_id\": \"ms_design\"}")
                                      .json();
        assertThat(released.get("payout_breakdown").get("contractor").toString())
                .isEqualTo("{\"gross\":20000,\"fee\":500,\"net\":19500}");
        assertThat(released.get("milestones").get(0).get("payout_breakdown").get("contractor").get("net").asLong())
                .isEqualTo(19500);

        ApiClient.Response refunded = integrator.post("/v1/escrows/" + id + "/refund",
                "{\"milestone_id\": \"ms_development\", \"refund_fee\": false}");
        assertThat(refunded.status()).as(refunded.body()).isEqualTo(200);
        JsonNode breakdown = refunded.json().get("payout_breakdown");
        assertThat(breakdown.get("client").toString()).isEqualTo("{\"gross\":30000,\"fee\":999,\"net\":29001}");
        assertThat(breakdown.get("platform_fee").asLong()).isEqualTo(1499);
        assertThat(refunded.json().get("fee_returned_amount").asLong()).isZero();
        assertThat(refunded.json().get("state").asString()).isEqualTo("SETTLED");
    }

    @Test
    void refund_returnsTheFeeByDefault() {
        String id = integrator.post("/v1/escrows", escrowWithFees("USD", "")).json().get("id").asString();
        integrator.post("/v1/escrows/" + id + "/payment-status", Seed.paymentStatus("pi_" + UUID.randomUUID()));

        JsonNode refunded = integrator.post("/v1/escrows/" + id + "/refund", null).json();

        assertThat(refunded.get("payout_breakdown").get("client").toString())
                .isEqualTo("{\"gross\":50000,\"fee\":0,\"net\":50000}");
        assertThat(refunded.get("fee_returned_amount").asLong()).isEqualTo(1499);
    }

    /** The seed's 35 / 65 decision with 1499 of fee due: the contractor's share carries 974 (974.35), half-even. */
    @Test
    void decision_statesGrossFeeAndNetPerParty() {
        String id = integrator.post("/v1/escrows", escrowWithFees("USD", "")).json().get("id").asString();
        integrator.post("/v1/escrows/" + id + "/payment-status", Seed.paymentStatus("pi_" + UUID.randomUUID()));
        String dispute = integrator.post("/v1/escrows/" + id + "/dispute", Seed.openDispute("DELIVERABLE_INCOMPLETE"))
                                   .json().get("id").asString();
        integrator.post("/v1/disputes/" + dispute + "/lock", null);

        ApiClient.Response decided = integrator.post("/v1/disputes/" + dispute + "/decision",
                Seed.decision("SPLIT", "0.35", "0.65"));

        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
        JsonNode body = decided.json();
        assertThat(body.get("payout").toString()).isEqualTo("{\"client\":17500,\"contractor\":32500}");
        assertThat(body.get("payout_breakdown").get("contractor").toString())
                .isEqualTo("{\"gross\":32500,\"fee\":974,\"net\":31526}");
        assertThat(body.get("payout_breakdown").get("client").toString())
                .isEqualTo("{\"gross\":17500,\"fee\":0,\"net\":17500}");
        JsonNode escrow = integrator.get("/v1/escrows/" + id).json();
        assertThat(escrow.get("payout_breakdown").get("platform_fee").asLong()).isEqualTo(974);
        assertThat(escrow.get("fee_returned_amount").asLong()).isEqualTo(1499 - 974);
    }

    @Test
    void aVaultFundedEscrowPaysTheFeeToThePlatformsLedgerAccountAndTheLedgerBalances() {
        String vault = integrator.post("/v1/vaults", "{}").json().get("id").asString();
        integrator.post("/v1/vaults/" + vault + "/deposits", "{\"amount\": 100000, \"reference\": \"dep_1\"}");
        String id = integrator.post("/v1/escrows", escrowWithFees("USDC",
                ", \"funding\": {\"vault_id\": \"" + vault + "\"}, \"contractor_id\": \"mrc_fee\"")).json()
                              .get("id").asString();

        integrator.post("/v1/escrows/" + id + "/release", "{\"milestone_id\": \"ms_design\"}");
        integrator.post("/v1/escrows/" + id + "/refund", "{\"refund_fee\": false}");

        assertThat(integrator.get("/v1/merchants/mrc_fee/balance").body()).contains("19500");
        JsonNode vaultNow = integrator.get("/v1/vaults/" + vault).json();
        assertThat(vaultNow.get("available").asLong()).isEqualTo(100000 - 50000 + 29001);
        assertThat(vaultNow.get("held").asLong()).isZero();
        String integratorId = jdbc.sql("SELECT integrator_id FROM escrows WHERE escrow_id = ?").param(id)
                                  .query(String.class).single();
        assertThat(jdbc.sql("SELECT balance FROM ledger_accounts WHERE account = ?").param("platform:" + integratorId)
                       .query(Long.class).single()).isEqualTo(1499);
        assertThat(new Admin(api).get("/admin/v1/ledger/check").json().get("balanced").asBoolean()).isTrue();
    }

    @Test
    void createEscrow_fails_withValidationFailed_forFeesThatCannotBe() {
        long before = allStoredEvents();
        expect(integrator.post("/v1/escrows", escrowWithFees("USD", "").replace("\"basis_points\": 250,",
                "\"amount\": 20001,").replace("\"rounding\": \"half_even\"", "\"basis_points\": null")),
                "validation_failed");
        expect(integrator.post("/v1/escrows", escrowWithFees("USD", "").replace("{\"amount\": 999}",
                "{\"amount\": 30001}")), "validation_failed");
        expect(integrator.post("/v1/escrows", escrowWithFees("USD", "").replace("{\"amount\": 999}",
                "{\"amount\": 9, \"basis_points\": 9}")), "validation_failed");
        expect(integrator.post("/v1/escrows", escrowWithFees("USD", "").replace("\"basis_points\": 250",
                "\"basis_points\": 10001")), "validation_failed");
        // An unknown rounding rule is an unknown enum value, which every enum of the API answers with 400.
        ApiClient.Response sideways = integrator.post("/v1/escrows", escrowWithFees("USD", "").replace(
                "\"rounding\": \"half_even\"", "\"rounding\": \"sideways\""));
        assertThat(sideways.status()).as(sideways.body()).isEqualTo(400);
        assertThat(allStoredEvents()).isEqualTo(before);
    }

    private static void expect(ApiClient.Response response, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.json().get("code").asString()).isEqualTo(code);
    }
}
