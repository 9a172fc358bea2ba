package io.escrowledger.api.audit;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.projections.replay.ReadModelRebuild;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events stored before they had stable names carry their Java class name of the time as {@code payload_type}, and
 * that name is hashed into their chain. Such a history, never rewritten, still loads, verifies, replays and takes new
 * events, which are stored under the stable names; a snapshot of an older revision of the aggregate is skipped.
 */
class StoredHistoryIntegrationTest extends IntegrationTest {

    private static final String FORMER_PACKAGE = "io.escrowledger.domain.escrow.";

    @Autowired
    private ReadModelRebuild rebuild;

    private String escrowId;

    @AfterEach
    void removeTheEscrow() {
        jdbc.sql("DELETE FROM event_chain WHERE aggregate_identifier = ?").param(escrowId).update();
        jdbc.sql("DELETE FROM domain_event_entry WHERE aggregate_identifier = ?").param(escrowId).update();
        jdbc.sql("DELETE FROM snapshot_event_entry WHERE aggregate_identifier = ?").param(escrowId).update();
        jdbc.sql("DELETE FROM escrows WHERE escrow_id = ?").param(escrowId).update();
    }

    @Test
    void aHistoryStoredUnderClassNamesLoadsVerifiesReplaysAndGrows() throws Exception {
        JsonNode key = new Admin(api).createIntegrator("Stored before " + System.nanoTime());
        ApiClient integrator = new Admin(api).clientOf(key);
        String integratorId = key.get("id").asString();
        escrowId = "esc_" + UUID.randomUUID();
        store(0, "EscrowCreatedEvent", "3", "2025-01-15T10:00:00Z", integratorId, """
                {"escrowId":"%s","integratorId":"%s","externalId":"stored_%s","totalAmount":{"minorUnits":50000,\
                "currency":"USD"},"milestones":[{"milestoneId":"ms_design","amount":{"minorUnits":20000,\
                "currency":"USD"},"deadline":null},{"milestoneId":"ms_development","amount":{"minorUnits":30000,\
                "currency":"USD"},"deadline":null}],"releaseCondition":null,"expiresAt":null,\
                "createdAt":"2025-01-15T10:00:00Z"}""".formatted(escrowId, integratorId, System.nanoTime()));
        store(1, "FundsHeldEvent", "1", "2025-01-15T10:30:00Z", integratorId, """
                {"escrowId":"%s","externalPaymentRef":"pi_stored","amount":{"minorUnits":50000,"currency":"USD"},\
                "declaredAt":"2025-01-15T10:30:00Z","heldAt":"2025-01-15T10:30:00Z"}""".formatted(escrowId));
        store(2, "DeliverableSubmittedEvent", "1", "2025-01-20T14:00:00Z", integratorId, """
                {"escrowId":"%s","milestoneId":"ms_design","reference":{"type":"external_reference",\
                "provider":"github","uri":"https://github.com/org/repo/pull/42",\
                "contentHash":"sha256:e3b0c44298fc1c149afbf4c8996fb924"},"submittedAt":"2025-01-20T14:00:00Z"}\
                """.formatted(escrowId));

        // Replayed into the read models, which never saw these rows.
        assertThat(rebuild.runNow(ReadModelRebuild.ReadModel.ESCROWS).state()).isEqualTo("done");
        assertThat(integrator.get("/v1/escrows/" + escrowId).json().get("state").asString()).isEqualTo("DELIVERED");
        JsonNode verification = integrator.get("/v1/escrows/" + escrowId + "/verification").json();
        assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.get("event_count").asInt()).isEqualTo(3);

        // A snapshot of the aggregate's shape before the entities were split (revision 2) is skipped: read as today's
        // shape it would hold no state at all, and the release below would be refused.
        storeSnapshot(2, "2", "{}");

        // Loaded by a command, which appends under the stable names.
        assertThat(integrator.post("/v1/escrows/" + escrowId + "/release", null).json().get("state").asString())
                .isEqualTo("RELEASED");
        assertThat(jdbc.sql("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? "
                            + "ORDER BY sequence_number").param(escrowId).query(String.class).list())
                .containsExactly(FORMER_PACKAGE + "EscrowCreatedEvent", FORMER_PACKAGE + "FundsHeldEvent",
                        FORMER_PACKAGE + "DeliverableSubmittedEvent", "MilestoneReleasedEvent",
                        "MilestoneReleasedEvent", "EscrowClosedEvent");

        List<JsonNode> events = integrator.get("/v1/escrows/" + escrowId + "/events").json().get("events")
                                          .valueStream().toList();
        assertThat(events).extracting(event -> event.get("type").asString())
                          .containsExactly("EscrowCreatedEvent", "FundsHeldEvent", "DeliverableSubmittedEvent",
                                  "MilestoneReleasedEvent", "MilestoneReleasedEvent", "EscrowClosedEvent");
        verification = integrator.get("/v1/escrows/" + escrowId + "/verification").json();
        assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.get("event_count").asInt()).isEqualTo(6);
        assertThat(integrator.get("/v1/escrows/" + escrowId + "?as_of=2025-01-16T00:00:00Z").json()
                             .get("state").asString()).isEqualTo("FUNDED");

        JsonNode bundle = integrator.get("/v1/escrows/" + escrowId + "/audit-bundle").json();
        assertThat(bundle.at("/events/0/payload_type").asString()).isEqualTo(FORMER_PACKAGE + "EscrowCreatedEvent");
        assertThat(bundle.at("/events/0/type").asString()).isEqualTo("EscrowCreatedEvent");
        assertThat(verifyOffline(bundle)).startsWith("valid: 6 events");
    }

    /** One row as the service wrote it before the stable names: under the event's class name of the time. */
    private void store(long sequence, String event, String revision, String at, String integratorId, String payload) {
        String metaData = "{\"integrator_id\":\"%s\",\"request_id\":\"req_%s\",\"correlationId\":\"%s\"}"
                .formatted(integratorId, UUID.randomUUID(), UUID.randomUUID());
        jdbc.sql("""
                 INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                                                 meta_data, payload, payload_revision, payload_type, time_stamp)
                 VALUES (?, ?, 'Escrow', ?, ?, ?, ?, ?, ?)""")
            .params(escrowId, sequence, UUID.randomUUID().toString(), metaData.getBytes(StandardCharsets.UTF_8),
                    payload.getBytes(StandardCharsets.UTF_8), revision, FORMER_PACKAGE + event, at)
            .update();
    }

    /** A snapshot row as Axon writes it, under the aggregate's class name and the given revision. */
    private void storeSnapshot(long sequence, String revision, String payload) {
        jdbc.sql("""
                 INSERT INTO snapshot_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                                                   meta_data, payload, payload_revision, payload_type, time_stamp)
                 VALUES (?, ?, 'Escrow', ?, ?, ?, ?, ?, ?)""")
            .params(escrowId, sequence, UUID.randomUUID().toString(), "{}".getBytes(StandardCharsets.UTF_8),
                    payload.getBytes(StandardCharsets.UTF_8), revision, "io.escrowledger.domain.escrow.Escrow",
                    "2025-01-20T14:00:00Z")
            .update();
    }

    private static String verifyOffline(JsonNode bundle) throws Exception {
        Path file = Files.createTempFile("bundle", ".json");
        try {
            Files.writeString(file, bundle.toString());
            Process process = new ProcessBuilder("bash", Path.of("..", "scripts", "verify-audit-bundle")
                    .toAbsolutePath().normalize().toString(), file.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return output;
        } finally {
            Files.delete(file);
        }
    }
}
