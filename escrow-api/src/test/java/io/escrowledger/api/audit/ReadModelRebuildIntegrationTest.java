package io.escrowledger.api.audit;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Patience;
import io.escrowledger.api.support.Seed;
import io.escrowledger.projections.replay.ReadModelRebuild;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rebuilding every read model from the event store gives the same rows, over the whole test database: everything the
 * other test classes stored (the audit tests remove the events they tamper with when they are done).
 */
class ReadModelRebuildIntegrationTest extends IntegrationTest {

    /** Each table's rows in a fixed order, surrogate keys left out (a rebuild numbers its rows anew). */
    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("escrows", "SELECT e FROM escrows e ORDER BY escrow_id");
        TABLES.put("escrow_milestones", "SELECT m FROM escrow_milestones m ORDER BY escrow_id, milestone_id");
        TABLES.put("escrow_condition_progress",
                "SELECT p FROM escrow_condition_progress p ORDER BY escrow_id, event_sequence");
        TABLES.put("disputes", "SELECT d FROM disputes d ORDER BY dispute_id");
        TABLES.put("dispute_evidence", "SELECT v FROM dispute_evidence v ORDER BY evidence_id");
        TABLES.put("payouts", "SELECT p FROM payouts p ORDER BY payout_id");
        TABLES.put("payout_transfers", "SELECT t FROM payout_transfers t ORDER BY escrow_id, reference");
        TABLES.put("vaults", "SELECT v FROM vaults v ORDER BY vault_id");
        TABLES.put("ledger_transactions", "SELECT (transaction_id, integrator_id, kind, vault_id, escrow_id, reference, "
                                          + "occurred_at) FROM ledger_transactions ORDER BY transaction_id");
        TABLES.put("ledger_accounts", "SELECT a FROM ledger_accounts a ORDER BY account, currency");
        TABLES.put("ledger_entries", "SELECT (transaction_id, account, currency, amount, balance_after, vault_id) "
                                     + "FROM ledger_entries ORDER BY transaction_id, account");
    }

    @Autowired
    private ReadModelRebuild rebuild;

    @Test
    void rebuildingEveryReadModelGivesTheSameRowsAndSendsNoWebhook() {
        ApiClient integrator = new Admin(api).newIntegrator("Rebuilt");
        integrator.post("/v1/webhook-endpoints", "{\"url\": \"http://127.0.0.1:9/never\"}");
        makeHistory(integrator);
        Map<String, String> before = checksums();
        String escrowEvents = "SELECT count(*) FROM event_chain WHERE aggregate_identifier LIKE 'esc_%' AND integrator_id = "
                              + "(SELECT integrator_id FROM webhook_endpoints WHERE url = 'http://127.0.0.1:9/never')";
        String messagesToIt = "SELECT count(*) FROM webhook_messages m JOIN webhook_endpoints w USING (endpoint_id) "
                              + "WHERE w.url = 'http://127.0.0.1:9/never'";
        // The messages are written in the commands' transactions: all there once the commands are answered.
        assertThat(count(messagesToIt)).isEqualTo(count(escrowEvents));
        long messages = count("SELECT count(*) FROM webhook_messages");

        ReadModelRebuild.Progress done = rebuild.runNow(ReadModelRebuild.ReadModel.ALL);

        assertThat(done.state()).as(done.error()).isEqualTo("done");
        assertThat(done.processed()).isEqualTo(count("SELECT count(*) FROM domain_event_entry"));
        assertThat(checksums()).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM webhook_messages")).isEqualTo(messages);
        assertThat(count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'rebuild'")).isZero();
    }

    @Test
    void operatorsStartARebuildAndWatchItWhileTheServiceKeepsServing() {
        ApiClient integrator = new Admin(api).newIntegrator("Rebuilt over HTTP");
        makeHistory(integrator);
        Map<String, String> before = checksums();

        ApiClient.Response started = new Admin(api).post("/admin/v1/projections/ledger/rebuild", null, ADMIN_TOKEN);
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.json().get("total").asLong()).isPositive();
        String escrow = integrator.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).json().get("id").asString();

        await().atMost(Patience.BACKGROUND).until(() ->
                !new Admin(api).get("/admin/v1/projections/rebuilds/latest").json().get("state").asString().equals("running"));
        JsonNode progress = new Admin(api).get("/admin/v1/projections/rebuilds/latest").json();
        assertThat(progress.get("read_model").asString()).isEqualTo("LEDGER");
        assertThat(progress.get("state").asString()).isEqualTo("done");
        assertThat(progress.get("rate").asDouble()).isPositive();
        assertThat(integrator.get("/v1/escrows/" + escrow).status()).isEqualTo(200);
        // The escrow created while the ledger was rebuilt is in the live tables; every read model now is exactly what
        // rebuilding each of them from the events gives.
        Map<String, String> after = checksums();
        assertThat(after.get("ledger_entries")).isEqualTo(before.get("ledger_entries"));
        for (String readModel : java.util.List.of("escrows", "vaults", "all")) {
            assertThat(rebuild.runNow(ReadModelRebuild.ReadModel.valueOf(readModel.toUpperCase())).state()).isEqualTo("done");
            assertThat(checksums()).as(readModel).isEqualTo(after);
        }
        assertThat(new Admin(api).post("/admin/v1/projections/nothing/rebuild", null, ADMIN_TOKEN).status()).isEqualTo(404);
    }

    private void makeHistory(ApiClient integrator) {
        String vault = integrator.post("/v1/vaults", "{}").json().get("id").asString();
        integrator.post("/v1/vaults/" + vault + "/deposits", "{\"amount\": 100000000, \"reference\": \"d1\"}");
        String funded = integrator.post("/v1/escrows", """
                {"external_id": "%s", "currency": "USDC", "total_amount": 20000000,
                 "milestones": [{"milestone_id": "a", "amount": 10000000},
                                {"milestone_id": "b", "amount": 10000000, "inspection_period_hours": 48}],
                 "funding": {"vault_id": "%s"}, "contractor_id": "mrc_1",
                 "platform_fee": {"basis_points": 333, "rounding": "up"}}""".formatted(Seed.uniqueExternalId(), vault))
                                  .json().get("id").asString();
        // Fees on both milestones: one taken on a release, one kept on a refund (escrow, milestone and ledger rows).
        integrator.post("/v1/escrows/" + funded + "/release", "{\"milestone_id\": \"a\"}");
        // An inspection period started: its end is a column the rebuild must give again.
        integrator.post("/v1/escrows/" + funded + "/deliverable", Seed.deliverable("b"));
        integrator.post("/v1/escrows/" + funded + "/refund", "{\"milestone_id\": \"b\", \"refund_fee\": false}");
        String escrow = integrator.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).json().get("id").asString();
        integrator.post("/v1/escrows/" + escrow + "/payment-status", Seed.paymentStatus("pi_r"));
        integrator.post("/v1/escrows/" + escrow + "/deliverable", Seed.deliverable("ms_design"));
        // Part of a milestone released before the dispute, which then decides on the rest.
        integrator.post("/v1/escrows/" + escrow + "/release", "{\"milestone_id\": \"ms_design\", \"amount\": 5000}");
        String dispute = integrator.post("/v1/escrows/" + escrow + "/dispute", Seed.openDispute("NOT_DELIVERED"))
                                   .json().get("id").asString();
        integrator.post("/v1/disputes/" + dispute + "/evidence", Seed.evidence("client", "sha256:ab"));
        integrator.post("/v1/disputes/" + dispute + "/lock", null);
        integrator.get("/v1/disputes/" + dispute + "/recommendation");
        integrator.post("/v1/disputes/" + dispute + "/decision", Seed.decision("SPLIT", "0.35", "0.65"));
        // The decision's payouts, one paid in full and one in part
        String paidEscrow = escrow.substring("esc_".length());
        integrator.post("/v1/payouts/po_" + paidEscrow + "_1/transfers",
                "{\"reference\": \"tr_c\", \"party\": \"client\", \"amount\": 17500, \"executed_at\": \"2025-02-11T09:00:00Z\"}");
        integrator.post("/v1/payouts/po_" + paidEscrow + "_2/transfers",
                "{\"reference\": \"tr_k\", \"party\": \"contractor\", \"amount\": 30000, \"executed_at\": \"2025-02-11T09:00:00Z\"}");
        // A payment that failed, then a cancellation; a reversal, then a refund
        String abandoned = integrator.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).json()
                                     .get("id").asString();
        integrator.post("/v1/escrows/" + abandoned + "/payment-status",
                "{\"external_payment_ref\": \"pi_f\", \"status\": \"PAYMENT_FAILED\", \"reason\": \"card_declined\"}");
        integrator.post("/v1/escrows/" + abandoned + "/cancel", "{\"reason\": \"abandoned\"}");
        String chargedBack = Seed.fundedEscrow(integrator);
        String reference = integrator.get("/v1/escrows/" + chargedBack).json().get("external_payment_ref").asString();
        integrator.post("/v1/escrows/" + chargedBack + "/payment-status", ("{\"external_payment_ref\": \"%s\", "
                + "\"status\": \"FUNDS_REVERSED\", \"reason\": \"chargeback\"}").formatted(reference));
        integrator.post("/v1/escrows/" + chargedBack + "/refund", null);
    }

    private Map<String, String> checksums() {
        Map<String, String> sums = new LinkedHashMap<>();
        TABLES.forEach((table, rows) -> sums.put(table, jdbc.sql(
                "SELECT count(*) || ':' || coalesce(md5(string_agg(r::text, '|')), '') FROM (" + rows + ") AS t(r)")
                                                          .query(String.class).single()));
        return sums;
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
