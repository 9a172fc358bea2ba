package io.escrowledger.api.support;

import java.util.UUID;

/** The first seed's requests (quick-start steps 1 to 3), with a fresh external id each time. */
public final class Seed {

    private Seed() {
    }

    public static String uniqueExternalId() {
        return "order_" + UUID.randomUUID();
    }

    /**
     * The seed's escrow without milestone deadlines: for tests that count an escrow's events while a node may fire the
     * long-past deadlines other tests left in the shared database.
     */
    public static String createEscrowWithoutDeadlines(String externalId) {
        return createEscrow(externalId).replaceAll(", \"deadline\": \"[^\"]+\"", "");
    }

    public static String createEscrow(String externalId) {
        return """
               {
                 "external_id": "%s",
                 "currency": "USD",
                 "total_amount": 50000,
                 "milestones": [
                   {"milestone_id": "ms_design", "amount": 20000, "deadline": "2025-02-01T00:00:00Z"},
                   {"milestone_id": "ms_development", "amount": 30000, "deadline": "2025-03-01T00:00:00Z"}
                 ]
               }""".formatted(externalId);
    }

    public static String paymentStatus(String reference) {
        return """
               {"external_payment_ref": "%s", "status": "FUNDS_HELD", "declared_at": "2025-01-15T10:30:00Z"}"""
                .formatted(reference);
    }

    public static String openDispute(String reasonCode) {
        return """
               {"reason_code": "%s", "opened_by": {"actor_id": "usr_client_456", "actor_role": "client"}}"""
                .formatted(reasonCode);
    }

    public static String evidence(String role, String contentHash) {
        return """
               {
                 "submitted_by": {"actor_id": "usr_%s_789", "actor_role": "%s"},
                 "reference": {
                   "type": "external_reference",
                   "provider": "google_drive",
                   "uri": "https://drive.google.com/file/d/abc",
                   "content_hash": "%s"
                 }
               }""".formatted(role, role, contentHash);
    }

    public static String decision(String decision, String client, String contractor) {
        return """
               {"decision": "%s", "final_ratio": {"client": %s, "contractor": %s},
                "justification": "Milestone delivered late but functional"}""".formatted(decision, client, contractor);
    }

    public static String deliverable(String milestoneId) {
        return """
               {
                 "milestone_id": "%s",
                 "reference": {
                   "type": "external_reference",
                   "provider": "github",
                   "uri": "https://github.com/org/repo/pull/42",
                   "content_hash": "sha256:e3b0c44298fc1c149afbf4c8996fb924..."
                 }
               }""".formatted(milestoneId);
    }

    /** A new escrow of {@link #createEscrow}, with its funds declared held: 50000 cents in two milestones. */
    public static String fundedEscrow(ApiClient integrator) {
        String id = integrator.post("/v1/escrows", createEscrow(uniqueExternalId())).json().get("id").asString();
        integrator.post("/v1/escrows/" + id + "/payment-status", paymentStatus("pi_" + UUID.randomUUID()));
        return id;
    }

    /** A new escrow of {@link #createEscrow} in USDC, funded from the vault at creation. */
    public static String vaultFundedEscrow(ApiClient integrator, String vaultId) {
        String terms = createEscrow(uniqueExternalId()).replace("\"USD\"", "\"USDC\"")
                .replace("\"milestones\"", "\"funding\": {\"vault_id\": \"" + vaultId + "\"}, \"milestones\"");
        return integrator.post("/v1/escrows", terms).json().get("id").asString();
    }

    /**
     * The first seed end to end on a new escrow: funded, a deliverable, a dispute (DELIVERABLE_INCOMPLETE) with the
     * contractor's evidence, locked, recommended, and decided as a 35/65 split. @return the escrow's id
     */
    public static String flowToDecision(ApiClient integrator) {
        String escrow = fundedEscrow(integrator);
        integrator.post("/v1/escrows/" + escrow + "/deliverable", deliverable("ms_design"));
        String dispute = integrator.post("/v1/escrows/" + escrow + "/dispute", openDispute("DELIVERABLE_INCOMPLETE"))
                                   .json().get("id").asString();
        integrator.post("/v1/disputes/" + dispute + "/evidence", evidence("contractor", "sha256:ab"));
        integrator.post("/v1/disputes/" + dispute + "/lock", null);
        integrator.get("/v1/disputes/" + dispute + "/recommendation");
        integrator.post("/v1/disputes/" + dispute + "/decision", decision("SPLIT", "0.35", "0.65"));
        return escrow;
    }
}
