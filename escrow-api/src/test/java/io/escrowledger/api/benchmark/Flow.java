package io.escrowledger.api.benchmark;

import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * One escrow taken through a scenario by one client, a request at a time: the first seed's requests (quick-start
 * steps 1 to 7), with the milestone deadlines a month or two ahead so that no deadline fires during a run. A flow that
 * meets a refusal ends there; the client then starts a new one.
 */
final class Flow {

    /** The scenarios, each a sequence of steps on one new escrow. */
    enum Scenario {
        /** (1) escrow creation alone. */
        CREATE(Step.CREATE),
        /** (2) the full lifecycle: create, declare the funds held, submit a deliverable, release. */
        LIFECYCLE(Step.CREATE, Step.FUND, Step.DELIVER, Step.RELEASE),
        /** (3) the first seed's dispute flow, decided as a 35/65 split. */
        DISPUTE(Step.CREATE, Step.FUND, Step.DELIVER, Step.OPEN_DISPUTE, Step.SUBMIT_EVIDENCE, Step.LOCK_EVIDENCE,
                Step.RECOMMENDATION, Step.DECIDE),
        /** The lifecycle of an escrow held from a vault (the second seed): touches the vault and ledger read models. */
        VAULT_LIFECYCLE(Step.CREATE_FROM_VAULT, Step.DELIVER, Step.RELEASE),
        /** A signed read of an escrow that exists already ({@link #reading}). */
        READ(Step.READ);

        final List<Step> steps;

        Scenario(Step... steps) {
            this.steps = List.of(steps);
        }
    }

    enum Step { CREATE, CREATE_FROM_VAULT, FUND, DELIVER, RELEASE, OPEN_DISPUTE, SUBMIT_EVIDENCE, LOCK_EVIDENCE,
        RECOMMENDATION, DECIDE, READ }

    /** What one request did: its step, the escrow it concerned, and how it was answered. */
    record Sent(Step step, String escrowId, int status) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    static final long ESCROW_TOTAL = 50_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant DEADLINE = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    private final Scenario scenario;
    private final String vaultId;
    private int next;
    private String escrowId;
    private String disputeId;

    /** @param vaultId the vault a {@link Scenario#VAULT_LIFECYCLE} flow holds its funds from; null for others */
    Flow(Scenario scenario, String vaultId) {
        this.scenario = scenario;
        this.vaultId = vaultId;
    }

    /** A {@link Scenario#READ} of {@code escrowId}. */
    static Flow reading(String escrowId) {
        Flow flow = new Flow(Scenario.READ, null);
        flow.escrowId = escrowId;
        return flow;
    }

    boolean done() {
        return next >= scenario.steps.size();
    }

    /** Sends the next request; a refusal ends the flow. */
    Sent step(SignedHttp http) {
        Step step = scenario.steps.get(next);
        SignedHttp.Answer answer = send(http, step);
        next = answer.ok() ? next + 1 : scenario.steps.size();
        if (answer.ok() && (step == Step.CREATE || step == Step.CREATE_FROM_VAULT)) {
            escrowId = JSON.readTree(answer.body()).get("id").asString();
        }
        if (answer.ok() && step == Step.OPEN_DISPUTE) {
            disputeId = JSON.readTree(answer.body()).get("id").asString();
        }
        return new Sent(step, escrowId, answer.status());
    }

    private SignedHttp.Answer send(SignedHttp http, Step step) {
        String escrow = "/v1/escrows/" + escrowId;
        String dispute = "/v1/disputes/" + disputeId;
        return switch (step) {
            case CREATE -> http.post("/v1/escrows", createBody(""));
            case CREATE_FROM_VAULT -> http.post("/v1/escrows", createBody(
                    ", \"funding\": {\"vault_id\": \"" + vaultId + "\"}, \"contractor_id\": \"mrc_bench\""));
            case FUND -> http.post(escrow + "/payment-status", """
                    {"external_payment_ref": "pi_%s", "status": "FUNDS_HELD", "declared_at": "%s"}"""
                    .formatted(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.SECONDS)));
            case DELIVER -> http.post(escrow + "/deliverable", deliverable("ms_design"));
            case RELEASE -> http.post(escrow + "/release", null);
            case OPEN_DISPUTE -> http.post(escrow + "/dispute", """
                    {"reason_code": "DELIVERABLE_INCOMPLETE",
                     "opened_by": {"actor_id": "usr_client_456", "actor_role": "client"}}""");
            case SUBMIT_EVIDENCE -> http.post(dispute + "/evidence", """
                    {"submitted_by": {"actor_id": "usr_contractor_789", "actor_role": "contractor"},
                     "reference": {"type": "external_reference", "provider": "google_drive",
                                   "uri": "https://drive.google.com/file/d/abc", "content_hash": "sha256:ab"}}""");
            case LOCK_EVIDENCE -> http.post(dispute + "/lock", null);
            case RECOMMENDATION -> http.get(dispute + "/recommendation");
            case READ -> http.get(escrow);
            case DECIDE -> http.post(dispute + "/decision", """
                    {"decision": "SPLIT", "final_ratio": {"client": 0.35, "contractor": 0.65},
                     "justification": "Milestone delivered late but functional"}""");
        };
    }

    /** The seed's escrow: 500.00 USD in two milestones, with a fresh external id. */
    static String createBody(String extra) {
        return """
               {"external_id": "order_%s", "currency": "%s", "total_amount": %d,
                "milestones": [{"milestone_id": "ms_design", "amount": 20000, "deadline": "%s"},
                               {"milestone_id": "ms_development", "amount": 30000, "deadline": "%s"}]%s}"""
                .formatted(UUID.randomUUID(), extra.isEmpty() ? "USD" : "USDC", ESCROW_TOTAL, DEADLINE,
                        DEADLINE.plus(30, ChronoUnit.DAYS), extra);
    }

    static String deliverable(String milestoneId) {
        return """
               {"milestone_id": "%s",
                "reference": {"type": "external_reference", "provider": "github",
                              "uri": "https://github.com/org/repo/pull/42", "content_hash": "sha256:e3b0c442"}}"""
                .formatted(milestoneId);
    }
}
