package io.escrowledger.api.escrow;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.MutableClock;
import io.escrowledger.api.support.Patience;
import io.escrowledger.api.support.TestReceiver;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first seed's quick start, steps 1 to 7, sent as written (its headers, bodies and order) and compared field by
 * field with every answer the seed shows, the recommendation included.
 * <p>
 * The service's clock is placed at the seed's moments, so that its dates mean what they meant: created on
 * 2025-01-15T10:00:00Z (the seed's {@code created_at}), funds held at 10:30 (its {@code declared_at}). The seed has the
 * design milestone delivered late (the arbiter: "Milestone delivered late but functional") and dated the dispute
 * 2025-01-20: both cannot be, since a deliverable comes before the dispute (step 3 before step 4) and the design was
 * due on 1 February. The delivery is taken at its word: delivered on 3 February, two days late, and the dispute opened
 * on 5 February at the seed's 14:00, when development (due 1 March) was not yet due. The dispute's {@code created_at}
 * is therefore that moment, not the seed's; every other field is the seed's.
 */
@Import(QuickStartSeedIntegrationTest.SeedTime.class)
// A service of its own (its clock is the seed's), closed after this class: left running on the shared database it
// would keep its connections and claim webhook and deadline work that other tests expect their own node to do.
@DirtiesContext
class QuickStartSeedIntegrationTest extends IntegrationTest {

    private static final MutableClock CLOCK = MutableClock.frozenAt(Instant.parse("2025-01-15T10:00:00Z"));
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Step 5's body as the seed writes it, the contractor's; the client's is the same with its own party. */
    private static final String EVIDENCE = """
            {
            "submitted_by": {
            "actor_id": "usr_contractor_789",
            "actor_role": "contractor"
            },
            "reference": {
            "type": "external_reference",
            "provider": "google_drive",
            "uri": "https://drive.google.com/file/d/...",
            "content_hash": "sha256:..."
            }
            }""";

    /** The service's clock, at the seed's moments. */
    @TestConfiguration(proxyBeanMethods = false)
    static class SeedTime {
        @Bean
        @Primary
        Clock seedClock() {
            return CLOCK;
        }
    }

    @Test
    void theQuickStartsSevenStepsGetTheSeedsAnswers() throws Exception {
        ApiClient integrator = new Admin(api).newIntegrator("Quick start").signingAt(CLOCK);
        try (TestReceiver receiver = new TestReceiver()) {
            integrator.post("/v1/webhook-endpoints", "{\"url\": \"" + receiver.url() + "\", "
                                                     + "\"event_types\": [\"DISPUTE_RESOLVED\"]}");

            // Step 1: Create an Escrow, with the seed's headers (the signing ones made real, its nonce kept).
            at("2025-01-15T10:00:00Z");
            byte[] terms = """
                    {
                    "external_id": "order_12345",
                    "currency": "USD",
                    "total_amount": 50000,
                    "milestones": [
                    {
                    "milestone_id": "ms_design",
                    "amount": 20000,
                    "deadline": "2025-02-01T00:00:00Z"
                    },
                    {
                    "milestone_id": "ms_development",
                    "amount": 30000,
                    "deadline": "2025-03-01T00:00:00Z"
                    }
                    ]
                    }""".getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = new java.util.LinkedHashMap<>(integrator.signatureHeaders("POST",
                    "/v1/escrows", terms, String.valueOf(CLOCK.instant().getEpochSecond()), "unique_nonce_123"));
            headers.put("Content-Type", "application/json");
            ApiClient.Response created = integrator.callBytes("POST", "/v1/escrows", terms, headers);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            JsonNode escrow = created.json();
            String escrowId = escrow.get("id").asString();
            assertThat(escrowId).startsWith("esc_");
            assertThat(escrow.get("external_id").asString()).isEqualTo("order_12345");
            assertThat(escrow.get("state").asString()).isEqualTo("CREATED");
            assertThat(escrow.get("currency").asString()).isEqualTo("USD");
            assertThat(escrow.get("total_amount").asLong()).isEqualTo(50000);
            assertThat(escrow.get("milestones").valueStream().map(m -> m.get("milestone_id").asString() + " "
                    + m.get("amount").asLong() + " " + m.get("deadline").asString()))
                    .containsExactly("ms_design 20000 2025-02-01T00:00:00Z", "ms_development 30000 2025-03-01T00:00:00Z");
            assertThat(escrow.get("created_at").asString()).isEqualTo("2025-01-15T10:00:00Z");

            // Step 2: Declare Payment Status.
            at("2025-01-15T10:30:00Z");
            ApiClient.Response funded = integrator.post("/v1/escrows/" + escrowId + "/payment-status", """
                    {
                    "external_payment_ref": "pi_stripe_xyz",
                    "status": "FUNDS_HELD",
                    "declared_at": "2025-01-15T10:30:00Z"
                    }""");
            assertThat(funded.status()).as(funded.body()).isEqualTo(200);
            assertThat(funded.json()).isEqualTo(tree("{\"status\": \"accepted\", \"current_state\": \"FUNDED\"}"));

            // Step 3: Submit a Deliverable: the design, two days after its deadline.
            at("2025-02-03T09:00:00Z");
            ApiClient.Response delivered = integrator.post("/v1/escrows/" + escrowId + "/deliverable", """
                    {
                    "milestone_id": "ms_design",
                    "reference": {
                    "type": "external_reference",
                    "provider": "github",
                    "uri": "https://github.com/org/repo/pull/42",
                    "content_hash": "sha256:e3b0c44298fc1c149afbf4c8996fb924..."
                    }
                    }""");
            assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
            assertThat(delivered.json().get("state").asString()).isEqualTo("DELIVERED");

            // Step 4: Open a Dispute: the client claims the deliverable is incomplete; development is not yet due.
            at("2025-02-05T14:00:00Z");
            ApiClient.Response opened = integrator.post("/v1/escrows/" + escrowId + "/dispute", """
                    {
                    "reason_code": "DELIVERABLE_INCOMPLETE",
                    "opened_by": {
                    "actor_id": "usr_client_456",
                    "actor_role": "client"
                    }
                    }""");
            assertThat(opened.status()).as(opened.body()).isEqualTo(201);
            JsonNode dispute = opened.json();
            String disputeId = dispute.get("id").asString();
            assertThat(disputeId).startsWith("dsp_");
            assertThat(opened.header("Location")).isEqualTo("/v1/disputes/" + disputeId);
            assertThat(dispute.get("escrow_id").asString()).isEqualTo(escrowId);
            assertThat(dispute.get("state").asString()).isEqualTo("OPEN");
            assertThat(dispute.get("reason_code").asString()).isEqualTo("DELIVERABLE_INCOMPLETE");
            assertThat(dispute.get("opened_by"))
                    .isEqualTo(tree("{\"actor_id\": \"usr_client_456\", \"actor_role\": \"client\"}"));
            assertThat(dispute.get("created_at").asString()).isEqualTo("2025-02-05T14:00:00Z");
            assertThat(integrator.get("/v1/escrows/" + escrowId).json().get("state").asString()).isEqualTo("DISPUTED");

            // Step 5: Submit Evidence: both parties, the contractor's body as the seed writes it, then the client's.
            at("2025-02-06T10:00:00Z");
            ApiClient.Response contractors = integrator.post("/v1/disputes/" + disputeId + "/evidence", EVIDENCE);
            assertThat(contractors.status()).as(contractors.body()).isEqualTo(201);
            assertThat(contractors.json().get("id").asString()).startsWith("evd_");
            assertThat(contractors.json().at("/submitted_by/actor_role").asString()).isEqualTo("contractor");
            at("2025-02-06T11:00:00Z");
            ApiClient.Response clients = integrator.post("/v1/disputes/" + disputeId + "/evidence",
                    EVIDENCE.replace("usr_contractor_789", "usr_client_456").replace("\"contractor\"", "\"client\""));
            assertThat(clients.status()).as(clients.body()).isEqualTo(201);

            // Step 6: Lock Evidence & Get Recommendation.
            at("2025-02-10T09:00:00Z");
            JsonNode locked = integrator.post("/v1/disputes/" + disputeId + "/lock", null).json();
            assertThat(locked.get("state").asString()).isEqualTo("EVIDENCE_LOCKED");
            assertThat(locked.get("evidence")).hasSize(2);
            assertThat(locked.get("evidence_digest").asString()).isEqualTo(digestOf(locked.get("evidence")));
            ApiClient.Response recommendation = integrator.get("/v1/disputes/" + disputeId + "/recommendation");
            assertThat(recommendation.status()).as(recommendation.body()).isEqualTo(200);
            JsonNode advice = recommendation.json();
            JsonNode seeds = tree("""
                    {
                    "recommendation": "SPLIT",
                    "confidence": 0.72,
                    "signals": ["late_delivery", "partial_completion"],
                    "suggested_ratio": {
                    "client": 0.4,
                    "contractor": 0.6
                    },
                    "engine_version": "v1.0.0"
                    }""");
            seeds.properties().forEach(field -> assertThat(advice.get(field.getKey())).as(field.getKey())
                                                                                       .isEqualTo(field.getValue()));
            assertThat(advice.get("dispute_id").asString()).isEqualTo(disputeId);
            assertThat(advice.at("/explanation/1/facts")).isEqualTo(tree("""
                    {"held_amount": "50000", "delivered_amount": "20000", "in_progress_amount": "30000",
                     "in_progress_milestones": "ms_development", "due_as_of": "2025-02-05T14:00:00Z"}"""));

            // Step 7: Apply Decision.
            at("2025-02-12T10:00:00Z");
            ApiClient.Response decided = integrator.post("/v1/disputes/" + disputeId + "/decision", """
                    {
                    "decision": "SPLIT",
                    "final_ratio": {
                    "client": 0.35,
                    "contractor": 0.65
                    },
                    "justification": "Milestone delivered late but functional"
                    }""");
            assertThat(decided.status()).as(decided.body()).isEqualTo(200);
            // The seed's answer field for field, and beside it each party's gross, platform fee (none here) and net.
            tools.jackson.databind.node.ObjectNode answer = (tools.jackson.databind.node.ObjectNode) decided.json();
            assertThat(answer.remove("payout_breakdown")).isEqualTo(tree("""
                    {"client": {"gross": 17500, "fee": 0, "net": 17500},
                     "contractor": {"gross": 32500, "fee": 0, "net": 32500}, "platform_fee": 0}"""));
            assertThat(answer).isEqualTo(tree("""
                    {
                    "status": "resolved",
                    "outcome": "SPLIT",
                    "payout": {
                    "client": 17500,
                    "contractor": 32500
                    }
                    }"""));

            // What happens next: the DISPUTE_RESOLVED webhook, with the payout figures to execute.
            await().atMost(Patience.BACKGROUND).until(() -> !receiver.accepted().isEmpty());
            JsonNode resolvedEvent = JSON.readTree(receiver.accepted().get(0).body());
            assertThat(resolvedEvent.get("type").asString()).isEqualTo("DISPUTE_RESOLVED");
            assertThat(resolvedEvent.at("/data/payout"))
                    .isEqualTo(tree("{\"client\": 17500, \"contractor\": 32500}"));
            JsonNode resolvedEscrow = integrator.get("/v1/escrows/" + escrowId).json();
            assertThat(resolvedEscrow.get("state").asString()).isEqualTo("RESOLVED");
            assertThat(resolvedEscrow.get("released_amount").asLong()).isEqualTo(32500);
            assertThat(resolvedEscrow.get("refunded_amount").asLong()).isEqualTo(17500);
            assertThat(resolvedEscrow.get("held_amount").asLong()).isZero();
            assertThat(resolvedEscrow.get("dispute_id").asString()).isEqualTo(disputeId);
            JsonNode resolved = integrator.get("/v1/disputes/" + disputeId).json();
            assertThat(resolved.get("state").asString()).isEqualTo("RESOLVED");
            assertThat(resolved.at("/decision/final_ratio")).isEqualTo(tree("{\"client\": 0.35, \"contractor\": 0.65}"));
            assertThat(resolved.at("/decision/payout")).isEqualTo(tree("{\"client\": 17500, \"contractor\": 32500}"));
            assertThat(resolved.at("/decision/justification").asString())
                    .isEqualTo("Milestone delivered late but functional");
        }
    }

    private static void at(String instant) {
        Instant target = Instant.parse(instant);
        CLOCK.advance(Duration.between(CLOCK.instant(), target));
    }

    private static JsonNode tree(String json) {
        return JSON.readTree(json);
    }

    /** The digest docs/api.md describes: sha256 over each evidence's id and content hash, each ended by a line feed. */
    private static String digestOf(JsonNode evidence) throws Exception {
        StringBuilder text = new StringBuilder();
        evidence.valueStream().forEach(e -> text.append(e.get("id").asString()).append('\n')
                                                .append(e.get("reference").get("content_hash").asString()).append('\n'));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
        return "sha256:" + HexFormat.of().formatHex(digest);
    }
}
