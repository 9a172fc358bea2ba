package io.escrowledger.api.support;

import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * An integrator of one test alone, with one of everything an operation's path can name: a vault with money, an escrow
 * funded from it, a disputed escrow and its dispute, a webhook endpoint with a message, and a merchant paid by a
 * vault-funded escrow. Tests that walk every operation of the document fill its path parameters from {@link #pathIds()}.
 */
public final class Tenant {

    /** Nothing listens there: the endpoint's messages fail and stay listed, and no test receives them. */
    private static final String DEAD_URL = "http://127.0.0.1:9/hooks";

    private final ApiClient client;
    private final JsonNode integrator;
    private final Map<String, String> pathIds;

    private Tenant(ApiClient client, JsonNode integrator, Map<String, String> pathIds) {
        this.client = client;
        this.integrator = integrator;
        this.pathIds = pathIds;
    }

    /** A new integrator and its resources, made through the API with {@code service}'s admin token. */
    public static Tenant create(ApiClient service, String name) {
        Admin admin = new Admin(service);
        JsonNode integrator = admin.createIntegrator(name);
        ApiClient client = admin.clientOf(integrator);
        // Only releases reach the endpoint: the one release below, never the requests of a test.
        String endpoint = client.post("/v1/webhook-endpoints", "{\"url\": \"" + DEAD_URL + "\", "
                                                               + "\"event_types\": [\"ESCROW_RELEASED\"]}")
                                .json().get("id").asString();
        String vault = client.post("/v1/vaults", "{\"currency\": \"USDC\"}").json().get("id").asString();
        client.post("/v1/vaults/" + vault + "/deposits", "{\"amount\": 1000000000, \"reference\": \"dep_setup\"}");
        String merchant = "merchant_" + UUID.randomUUID();
        String paid = client.post("/v1/escrows", """
                {"external_id": "%s", "currency": "USDC", "total_amount": 1000000,
                 "milestones": [{"milestone_id": "all", "amount": 1000000}],
                 "funding": {"vault_id": "%s"}, "contractor_id": "%s"}""".formatted(Seed.uniqueExternalId(), vault,
                merchant)).json().get("id").asString();
        client.post("/v1/escrows/" + paid + "/release", null);
        // The seed's escrow, funded from the vault: /subcent shows only vault-funded escrows, /v1 shows every one.
        String escrow = Seed.vaultFundedEscrow(client, vault);
        String disputed = Seed.fundedEscrow(client);
        String dispute = client.post("/v1/escrows/" + disputed + "/dispute", Seed.openDispute("QUALITY_ISSUE"))
                               .json().get("id").asString();
        // A payout: the first milestone of an escrow whose money the integrator holds, released.
        String paying = Seed.fundedEscrow(client);
        client.post("/v1/escrows/" + paying + "/release", "{\"milestone_id\": \"ms_design\"}");
        String payout = "po_" + paying.substring("esc_".length()) + "_1";
        String clock = client.post("/v1/test-clocks", "{\"frozen_time\": \"2025-01-15T10:00:00Z\"}")
                             .json().get("id").asString();
        return new Tenant(client, integrator, Map.of("escrowId", escrow, "disputeId", dispute, "payoutId", payout,
                "vaultId", vault, "endpointId", endpoint, "messageId", firstMessage(client, endpoint),
                "merchantId", merchant, "clockId", clock));
    }

    /** The release's message, once the webhook dispatcher (which follows the event store on its own) made it. */
    private static String firstMessage(ApiClient client, String endpoint) {
        JsonNode[] deliveries = new JsonNode[1];
        await().atMost(Patience.BACKGROUND).until(() -> {
            deliveries[0] = client.get("/v1/webhook-endpoints/" + endpoint + "/deliveries").json().get("data");
            return !deliveries[0].isEmpty();
        });
        return deliveries[0].get(0).get("id").asString();
    }

    public ApiClient client() {
        return client;
    }

    public String integratorId() {
        return integrator.get("id").asString();
    }

    /** The integrator's first key and its secret, as the admin API answered them once. */
    public String apiKey() {
        return integrator.get("api_key").asString();
    }

    public String apiSecret() {
        return integrator.get("api_secret").asString();
    }

    /** This tenant's id for each path parameter name of the document ({@code escrowId}, {@code vaultId}...). */
    public Map<String, String> pathIds() {
        return pathIds;
    }

    public String id(String pathParameter) {
        return pathIds.get(pathParameter);
    }

    /**
     * What this tenant has stored, plus every event anywhere, as one string: a refused request must change none of it.
     * Tests in this JVM run one class at a time, and nothing else writes events (deadlines are off in tests). Webhook
     * messages and analytics are left out: their processors follow the event store on their own time.
     */
    public String stored(JdbcClient jdbc) {
        return jdbc.sql("""
                SELECT concat_ws(' ',
                  (SELECT count(*) FROM domain_event_entry),
                  (SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM escrows WHERE integrator_id = :i),
                  (SELECT count(*) FROM escrow_external_ids WHERE integrator_id = :i),
                  (SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM disputes WHERE integrator_id = :i),
                  (SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM vaults WHERE integrator_id = :i),
                  (SELECT count(*) FROM ledger_transactions WHERE integrator_id = :i),
                  (SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM webhook_endpoints
                    WHERE integrator_id = :i),
                  (SELECT count(*) FROM idempotency_records WHERE integrator_id = :i),
                  (SELECT count(*) || '/' || coalesce(max(frozen_time)::text, '') FROM test_clocks
                    WHERE integrator_id = :i),
                  (SELECT count(*) FROM test_clock_deadlines),
                  (SELECT count(*) FROM integrators), (SELECT count(*) FROM api_key_secrets),
                  (SELECT count(*) FROM scheduled_tasks))""")
                   .param("i", integratorId()).query(String.class).single();
    }
}
