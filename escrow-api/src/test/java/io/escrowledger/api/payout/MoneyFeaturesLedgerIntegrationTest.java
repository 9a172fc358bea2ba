package io.escrowledger.api.payout;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Seed;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The five money features on one integrator with a vault, then the ledger's invariant check (docs/ledger.md): a
 * vault-funded escrow with platform fees, released in part and then in full, its other milestone refunded keeping its
 * fee; an escrow whose payment failed, then cancelled; one funded, reversed and refunded, whose payout the transfer
 * recorded reconciles.
 */
class MoneyFeaturesLedgerIntegrationTest extends IntegrationTest {

    private static String declaration(String reference, String status, String reason) {
        return """
               {"external_payment_ref": "%s", "status": "%s", "reason": "%s", "declared_at": "2025-01-15T10:20:00Z"}"""
                .formatted(reference, status, reason);
    }

    @Test
    void theLedgerBalancesAfterFeesPartialPayoutsACancellationAReversalAndAReconciliation() {
        ApiClient integrator = new Admin(api).newIntegrator("All five " + System.nanoTime());
        String vault = integrator.post("/v1/vaults", "{}").json().get("id").asString();
        integrator.post("/v1/vaults/" + vault + "/deposits", "{\"amount\": 100000, \"reference\": \"dep_all\"}");

        // Fees (2.5% of the design milestone: 500; a fixed 999 on development) and a partial release.
        String funded = integrator.post("/v1/escrows", """
                {"external_id": "%s", "currency": "USDC", "total_amount": 50000,
                 "milestones": [{"milestone_id": "ms_design", "amount": 20000},
                                {"milestone_id": "ms_development", "amount": 30000, "platform_fee": {"amount": 999}}],
                 "platform_fee": {"basis_points": 250, "rounding": "half_even"},
                 "funding": {"vault_id": "%s"}, "contractor_id": "mrc_all"}"""
                .formatted(Seed.uniqueExternalId(), vault)).json().get("id").asString();
        assertThat(integrator.post("/v1/escrows/" + funded + "/release",
                "{\"milestone_id\": \"ms_design\", \"amount\": 5000}").status()).isEqualTo(200);
        assertThat(integrator.post("/v1/escrows/" + funded + "/release", "{\"milestone_id\": \"ms_design\"}")
                             .status()).isEqualTo(200);
        assertThat(integrator.post("/v1/escrows/" + funded + "/refund",
                "{\"milestone_id\": \"ms_development\", \"refund_fee\": false}").status()).isEqualTo(200);

        // A payment that failed, then the order abandoned.
        String abandoned = integrator.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).json()
                                     .get("id").asString();
        assertThat(integrator.post("/v1/escrows/" + abandoned + "/payment-status",
                declaration("pi_failed", "PAYMENT_FAILED", "card_declined")).status()).isEqualTo(200);
        assertThat(integrator.post("/v1/escrows/" + abandoned + "/cancel", "{\"reason\": \"abandoned\"}").json()
                             .get("state").asString()).isEqualTo("CANCELLED");

        // A chargeback after funding: releases refused, the refund's payout reconciled by the transfer recorded.
        String chargedBack = integrator.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).json()
                                       .get("id").asString();
        integrator.post("/v1/escrows/" + chargedBack + "/payment-status", Seed.paymentStatus("pi_charged"));
        assertThat(integrator.post("/v1/escrows/" + chargedBack + "/payment-status",
                declaration("pi_charged", "FUNDS_REVERSED", "chargeback")).status()).isEqualTo(200);
        assertThat(integrator.post("/v1/escrows/" + chargedBack + "/release", null).json().get("code").asString())
                .isEqualTo("escrow_frozen");
        assertThat(integrator.post("/v1/escrows/" + chargedBack + "/refund", null).status()).isEqualTo(200);
        JsonNode payout = integrator.get("/v1/escrows/" + chargedBack + "/payouts").json().get("data").get(0);
        assertThat(payout.get("party").asString()).isEqualTo("client");
        JsonNode reconciled = integrator.post("/v1/payouts/" + payout.get("id").asString() + "/transfers", """
                {"reference": "tr_refund", "party": "client", "amount": %d, "executed_at": "2025-02-11T09:00:00Z"}"""
                .formatted(payout.get("expected_amount").asLong())).json();
        assertThat(reconciled.get("status").asString()).isEqualTo("reconciled");

        // The vault got back the refund less the kept fee; the contractor the design milestone less its fee; the
        // platform both fees; and every account still adds up.
        JsonNode vaultNow = integrator.get("/v1/vaults/" + vault).json();
        assertThat(vaultNow.get("available").asLong()).isEqualTo(100000 - 50000 + (30000 - 999));
        assertThat(vaultNow.get("held").asLong()).isZero();
        assertThat(integrator.get("/v1/merchants/mrc_all/balance").body()).contains("19500");
        String integratorId = jdbc.sql("SELECT integrator_id FROM escrows WHERE escrow_id = ?").param(funded)
                                  .query(String.class).single();
        assertThat(jdbc.sql("SELECT balance FROM ledger_accounts WHERE account = ?").param("platform:" + integratorId)
                       .query(Long.class).single()).isEqualTo(500 + 999);
        JsonNode check = new Admin(api).get("/admin/v1/ledger/check").json();
        assertThat(check.get("balanced").asBoolean()).as(check.toString()).isTrue();
    }
}
