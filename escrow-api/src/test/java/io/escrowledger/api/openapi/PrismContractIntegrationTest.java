package io.escrowledger.api.openapi;

import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Prism;
import io.escrowledger.api.support.Seed;
import io.escrowledger.api.support.Tenant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service against its document, checked by a tool written by others: Stoplight's Prism as a validating proxy
 * ({@link Prism}). Signed requests of the seed flows, a vault flow, webhooks, reads and refusals go through it; Prism
 * must find no violation in any request or answer, and the signature must survive the proxy (the service answers
 * 401 otherwise). Every answer is also checked against the document by the test client, as everywhere.
 */
class PrismContractIntegrationTest extends IntegrationTest {

    private final List<String> sent = new ArrayList<>();
    private ApiClient through;

    @Test
    void prismFindsNoViolationInTheFlowsAndRefusals() throws IOException {
        Tenant tenant = Tenant.create(api, "Through Prism");
        try (Prism prism = Prism.proxyTo(port())) {
            through = tenant.client().via(prism.port());

            disputeFlow();
            vaultFlow();
            webhookFlow();
            reads(tenant);
            refusals(tenant);

            System.out.println("Prism checked " + prism.requestsReceived() + " requests (" + sent.size()
                               + " sent) and reported " + prism.violations().size() + " violations");
            Files.write(Path.of("target", "prism-output.log"), prism.output());
            assertThat(prism.violations()).as(String.join("\n", prism.output())).isEmpty();
            assertThat(prism.requestsReceived()).as("requests Prism checked").isEqualTo(sent.size());
        }
    }

    /**
     * The check above can fail: Prism refuses a request the document does not allow (an unknown field), and behind a
     * copy of the document that says an escrow's total_amount is a string, an answer that copy does not allow; it
     * reports both.
     */
    @Test
    void prismReportsRequestsAndAnswersTheDocumentDoesNotAllow() throws Exception {
        Tenant tenant = Tenant.create(api, "Prism's own check");
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode document = (ObjectNode) json.readTree(OpenApiDocumentIntegrationTest.COMMITTED.toFile());
        ((ObjectNode) document.at("/components/schemas/Escrow/properties/total_amount")).put("type", "string")
                                                                                       .remove("format");
        Path altered = Path.of("target", "openapi-altered-for-prism.json");
        Files.writeString(altered, json.writeValueAsString(document));
        try (Prism prism = Prism.proxyTo(port(), altered)) {
            // A field the service does not know: the document says request bodies are closed, as the service is.
            HttpResponse<String> request = unchecked(prism, tenant, "POST", "/v1/escrows", "{\"external_id\":\"x\","
                    + "\"currency\":\"USD\",\"total_amount\":1,\"milestones\":[{\"milestone_id\":\"a\",\"amount\":1}],"
                    + "\"externalId\":\"x\"}");
            assertThat(request.statusCode()).as(request.body()).isEqualTo(422);
            assertThat(request.body()).contains("stoplight.io/prism/errors").contains("additional properties");

            HttpResponse<String> answer = unchecked(prism, tenant, "GET", "/v1/escrows/" + tenant.id("escrowId"), null);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(500);
            assertThat(answer.headers().firstValue("sl-violations")).hasValueSatisfying(violations ->
                    assertThat(violations).contains("total_amount"));
            assertThat(prism.violations()).isNotEmpty();
        }
    }

    /** A signed request through Prism, read with a plain client: these answers are Prism's, not the service's. */
    private static HttpResponse<String> unchecked(Prism prism, Tenant tenant, String method, String path, String body)
            throws Exception {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prism.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(bytes));
        tenant.client().signatureHeaders(method, path, bytes).forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The first seed, quick-start steps 1 to 7. */
    private void disputeFlow() {
        String escrow = expect(201, "POST", "/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId()))
                .get("id").asString();
        expect(200, "POST", "/v1/escrows/" + escrow + "/payment-status", Seed.paymentStatus("pi_prism"));
        expect(200, "POST", "/v1/escrows/" + escrow + "/deliverable", Seed.deliverable("ms_design"));
        String dispute = expect(201, "POST", "/v1/escrows/" + escrow + "/dispute",
                Seed.openDispute("DELIVERABLE_INCOMPLETE")).get("id").asString();
        expect(201, "POST", "/v1/disputes/" + dispute + "/evidence", Seed.evidence("contractor", "sha256:ab"));
        expect(201, "POST", "/v1/disputes/" + dispute + "/evidence", Seed.evidence("client", "sha256:cd"));
        expect(200, "POST", "/v1/disputes/" + dispute + "/lock", null);
        expect(200, "GET", "/v1/disputes/" + dispute + "/recommendation", null);
        expect(200, "POST", "/v1/disputes/" + dispute + "/decision", Seed.decision("SPLIT", "0.35", "0.65"));
        expect(200, "GET", "/v1/disputes/" + dispute, null);
        expect(200, "GET", "/v1/escrows/" + escrow, null);
        expect(200, "GET", "/v1/escrows/" + escrow + "/events", null);
        expect(200, "GET", "/v1/escrows/" + escrow + "/verification", null);
        expect(200, "GET", "/v1/escrows/" + escrow + "/audit-bundle", null);
    }

    /** Vaults, a vault-funded escrow released to its merchant, and the /subcent API over them. */
    private void vaultFlow() {
        String vault = expect(201, "POST", "/v1/vaults", "{\"currency\": \"USDC\", \"name\": \"Prism\"}")
                .get("id").asString();
        expect(200, "POST", "/v1/vaults/" + vault + "/deposits", "{\"amount\": 500000000, \"reference\": \"dep_1\"}");
        String escrow = expect(201, "POST", "/v1/escrows", """
                {"external_id": "%s", "currency": "USDC", "total_amount": 10000000,
                 "milestones": [{"milestone_id": "all", "amount": 10000000}],
                 "funding": {"vault_id": "%s"}, "contractor_id": "mrc_prism",
                 "release_condition": {"type": "multi_sig_approval", "approvers": ["ops_anna", "ops_ben"],
                                       "threshold": 2, "ticket": "OPS-1"}}""".formatted(Seed.uniqueExternalId(), vault))
                .get("id").asString();
        expect(200, "POST", "/v1/escrows/" + escrow + "/approvals", "{\"approver_id\": \"ops_anna\"}");
        expect(200, "POST", "/v1/escrows/" + escrow + "/approvals", "{\"approver_id\": \"ops_ben\"}");
        expect(200, "POST", "/v1/vaults/" + vault + "/withdrawals", "{\"amount\": 1000000, \"reference\": \"wd_1\"}");
        expect(200, "POST", "/v1/vaults/" + vault + "/freeze", null);
        expect(200, "POST", "/v1/vaults/" + vault + "/unfreeze", null);
        expect(200, "GET", "/v1/vaults/" + vault, null);
        expect(200, "GET", "/v1/vaults/" + vault + "/entries?limit=5", null);
        expect(200, "GET", "/v1/vaults/" + vault + "/balance", null);
        expect(200, "GET", "/v1/merchants/mrc_prism/balance", null);

        String subcent = expect(201, "POST", "/subcent/v1/escrows", """
                {"vault_id": "%s", "amount": "25.50", "condition_type": "oracle_confirmation",
                 "condition_data": {"oracle_id": "oracle_fedex", "event": "delivered"}, "merchant_id": "mrc_prism"}"""
                .formatted(vault)).get("escrow_id").asString();
        expect(200, "GET", "/subcent/v1/escrows/" + subcent, null);
        expect(200, "GET", "/subcent/v1/escrows?vault_id=" + vault + "&limit=10", null);
        expect(200, "POST", "/subcent/v1/escrows/" + subcent + "/dispute", "{\"reason\": \"Not as described\"}");
        expect(200, "POST", "/subcent/v1/escrows/" + subcent + "/refund", null);
        String oracle = expect(201, "POST", "/v1/escrows", """
                {"external_id": "%s", "currency": "USDC", "total_amount": 1000,
                 "milestones": [{"milestone_id": "all", "amount": 1000}], "funding": {"vault_id": "%s"},
                 "release_condition": {"type": "oracle_confirmation", "oracle_id": "oracle_fedex"}}"""
                .formatted(Seed.uniqueExternalId(), vault)).get("id").asString();
        expect(200, "POST", "/v1/escrows/" + oracle + "/oracle-confirmations",
                "{\"oracle_id\": \"oracle_fedex\", \"outcome\": \"confirmed\"}");
        String confirmed = expect(201, "POST", "/v1/escrows", """
                {"external_id": "%s", "currency": "USDC", "total_amount": 1000,
                 "milestones": [{"milestone_id": "all", "amount": 1000}], "funding": {"vault_id": "%s"},
                 "release_condition": {"type": "delivery_confirmation"}, "expires_in_hours": 48}"""
                .formatted(Seed.uniqueExternalId(), vault)).get("id").asString();
        expect(200, "POST", "/v1/escrows/" + confirmed + "/delivery-confirmations", "{\"confirmed_by\": \"buyer_42\"}");
        String subcentReleased = expect(201, "POST", "/subcent/v1/escrows", """
                {"vault_id": "%s", "amount": "1.00", "condition_type": "delivery_confirmation"}""".formatted(vault))
                .get("escrow_id").asString();
        expect(200, "POST", "/subcent/v1/escrows/" + subcentReleased + "/release", null);
    }

    private void webhookFlow() {
        JsonNode endpoint = expect(201, "POST", "/v1/webhook-endpoints",
                "{\"url\": \"http://127.0.0.1:9/hooks\", \"event_types\": [\"DISPUTE_RESOLVED\"], \"description\": \"prism\"}");
        String path = "/v1/webhook-endpoints/" + endpoint.get("id").asString();
        expect(200, "GET", "/v1/webhook-endpoints", null);
        expect(200, "GET", path, null);
        expect(200, "PATCH", path, "{\"event_types\": null, \"enabled\": true}");
        expect(200, "POST", path + "/rotate-secret", null);
        expect(202, "POST", path + "/replay", "{\"since\": \"2025-01-01T00:00:00Z\"}");
        expect(200, "GET", path + "/deliveries?limit=5", null);
        expect(204, "DELETE", path, null);
    }

    private void reads(Tenant tenant) {
        expect(200, "GET", "/v1/escrows?state=RESOLVED&limit=10", null);
        expect(200, "GET", "/v1/events?limit=20", null);
        expect(200, "GET", "/v1/analytics/summary?currency=USD", null);
        expect(200, "GET", "/v1/analytics/escrows.csv", null);
        expect(200, "GET", "/v1/escrows/" + tenant.id("escrowId") + "?as_of=" + Instant.now(), null);
        expect(200, "GET", "/v1/vaults/" + tenant.id("vaultId") + "/balance?as_of=" + Instant.now(), null);
    }

    /** Requests the document allows and the service refuses: their problem documents are checked too. */
    private void refusals(Tenant tenant) {
        expect(404, "GET", "/v1/escrows/esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc", null);
        expect(404, "GET", "/v1/vaults/01a1fd71-8fb0-77f8-9808-a85ef68be7fc", null);
        expect(422, "POST", "/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId()).replace("50000", "50001"));
        expect(409, "POST", "/v1/escrows/" + tenant.id("escrowId") + "/payment-status", Seed.paymentStatus("pi_other"));
        expect(409, "POST", "/v1/disputes/" + tenant.id("disputeId") + "/decision",
                Seed.decision("SPLIT", "0.5", "0.5"));
        expect(409, "POST", "/v1/vaults/" + tenant.id("vaultId") + "/withdrawals",
                "{\"amount\": 9007199254740991, \"reference\": \"wd_too_much\"}");
        expect(422, "POST", "/subcent/v1/escrows", """
                {"vault_id": "%s", "amount": "0.0000001", "condition_type": "delivery_confirmation"}"""
                .formatted(tenant.id("vaultId")));
        sent.add("GET /v1/escrows (forged)");
        ApiClient.Response forged = through.as(tenant.apiKey(), "sk_forged").get("/v1/escrows");
        assertThat(forged.status()).as(forged.body()).isEqualTo(401);
        assertThat(forged.json().get("code").asString()).isEqualTo("invalid_signature");
    }

    /** Sends one request through Prism; the service's answer must be this status and Prism must add nothing. */
    private JsonNode expect(int status, String method, String path, String body) {
        sent.add(method + " " + path);
        ApiClient.Response response = through.call(method, path, body, Map.of());
        assertThat(response.status()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
        assertThat(response.header("sl-violations")).as(method + " " + path + " violations").isNull();
        return response.body().isEmpty() || !response.header("Content-Type").contains("json") ? null : response.json();
    }
}
