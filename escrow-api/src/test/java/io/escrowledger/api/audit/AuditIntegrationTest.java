package io.escrowledger.api.audit;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Seed;
import io.escrowledger.api.support.TickingEventClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An escrow's tamper-evident history, its verification against changes made directly in SQL, and the feed. */
class AuditIntegrationTest extends IntegrationTest {

    private ApiClient integrator;
    /** Escrows whose stored events a test changed on purpose; removed afterwards, so the database stays sound. */
    private final java.util.List<String> tampered = new java.util.ArrayList<>();

    @BeforeEach
    void newIntegrator() {
        integrator = new Admin(api).newIntegrator("Audited " + System.nanoTime());
    }

    @org.junit.jupiter.api.AfterEach
    void removeTamperedEscrows() {
        for (String escrow : tampered) {
            jdbc.sql("DELETE FROM webhook_attempts WHERE message_id IN "
                     + "(SELECT message_id FROM webhook_messages WHERE escrow_id = ?)").param(escrow).update();
            jdbc.sql("DELETE FROM webhook_messages WHERE escrow_id = ?").param(escrow).update();
            jdbc.sql("DELETE FROM event_chain WHERE aggregate_identifier = ?").param(escrow).update();
            jdbc.sql("DELETE FROM domain_event_entry WHERE aggregate_identifier = ?").param(escrow).update();
            jdbc.sql("DELETE FROM escrows WHERE escrow_id = ?").param(escrow).update();
        }
    }

    private String tamperable() {
        String escrow = disputedEscrow();
        tampered.add(escrow);
        return escrow;
    }

    @Test
    void historyListsEveryEventWithWhoCausedItAndAChainedHash() {
        String escrow = disputedEscrow();

        JsonNode history = integrator.get("/v1/escrows/" + escrow + "/events").json();
        List<JsonNode> events = history.get("events").valueStream().toList();
        assertThat(events).extracting(e -> e.get("type").asString())
                          .containsExactly("EscrowCreatedEvent", "FundsHeldEvent", "DeliverableSubmittedEvent",
                                  "DisputeOpenedEvent");
        assertThat(events).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(events.get(0).get("previous_hash").asString()).isEqualTo("0".repeat(64));
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).get("previous_hash").asString()).isEqualTo(events.get(i - 1).get("hash").asString());
        }
        JsonNode opened = events.get(3);
        // Revision 4: the dispute carries its evidence deadline (revision 3) and its metadata.
        assertThat(opened.get("revision").asString()).isEqualTo("4");
        assertThat(opened.get("payload").get("evidenceDueBy").isNull()).isFalse();
        assertThat(opened.get("integrator_id").asString()).startsWith("int_");
        assertThat(opened.get("api_key_id").asString()).startsWith("ak_");
        assertThat(opened.get("request_id").asString()).startsWith("req_");
        assertThat(opened.get("actor").get("actor_id").asString()).isEqualTo("usr_client_456");
        assertThat(opened.get("payload").get("reason").asString()).isEqualTo("DELIVERABLE_INCOMPLETE");
        assertThat(history.get("chain_head").asString()).isEqualTo(opened.get("hash").asString());
        assertThat(integrator.get("/v1/escrows/" + escrow).json().get("chain_head").asString())
                .isEqualTo(opened.get("hash").asString());

        JsonNode verification = integrator.get("/v1/escrows/" + escrow + "/verification").json();
        assertThat(verification.get("valid").asBoolean()).isTrue();
        assertThat(verification.get("event_count").asInt()).isEqualTo(4);
        assertThat(verification.get("head_hash").asString()).isEqualTo(opened.get("hash").asString());
    }

    @Test
    void verificationFindsAnAlteredEvent() {
        String escrow = tamperable();
        jdbc.sql("UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), "
                 + "'\"minorUnits\":50000', '\"minorUnits\":5000000'), 'UTF8') "
                 + "WHERE aggregate_identifier = ? AND sequence_number = 1").param(escrow).update();

        expectBrokenAt(escrow, null, 1);
    }

    @Test
    void verificationFindsADeletedEvent() {
        String escrow = tamperable();
        jdbc.sql("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 2")
            .param(escrow).update();

        expectBrokenAt(escrow, null, 2);
    }

    @Test
    void verificationFindsReorderedEvents() {
        String escrow = tamperable();
        jdbc.sql("UPDATE domain_event_entry SET sequence_number = -1 WHERE aggregate_identifier = ? AND sequence_number = 1")
            .param(escrow).update();
        jdbc.sql("UPDATE domain_event_entry SET sequence_number = 1 WHERE aggregate_identifier = ? AND sequence_number = 2")
            .param(escrow).update();
        jdbc.sql("UPDATE domain_event_entry SET sequence_number = 2 WHERE aggregate_identifier = ? AND sequence_number = -1")
            .param(escrow).update();

        expectBrokenAt(escrow, null, 1);
    }

    @Test
    void removingTheLastEventEverywhereIsFoundWhenTheHeadIsKnown() {
        String escrow = tamperable();
        String head = integrator.get("/v1/escrows/" + escrow + "/verification").json().get("head_hash").asString();

        jdbc.sql("DELETE FROM event_chain WHERE aggregate_identifier = ? AND sequence_number = 3").param(escrow).update();
        jdbc.sql("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 3")
            .param(escrow).update();
        // The deletion is on record...
        assertThat(integrator.get("/v1/escrows/" + escrow + "/verification").json().get("valid").asBoolean()).isFalse();
        // ...unless it was made with the triggers disabled: then only a head kept by the auditor shows it.
        jdbc.sql("DELETE FROM event_store_alterations WHERE aggregate_identifier = ?").param(escrow).update();

        assertThat(integrator.get("/v1/escrows/" + escrow + "/verification").json().get("valid").asBoolean()).isTrue();
        expectBrokenAt(escrow, head, 3);
    }

    @Test
    void aHeadRecordedEarlierStillVerifiesAfterNewEvents() {
        String escrow = disputedEscrow();
        String head = integrator.get("/v1/escrows/" + escrow + "/verification").json().get("head_hash").asString();
        String dispute = integrator.get("/v1/escrows/" + escrow).json().get("dispute_id").asString();
        integrator.post("/v1/disputes/" + dispute + "/lock", null);

        JsonNode verification = integrator.get("/v1/escrows/" + escrow + "/verification?expected_head=" + head).json();
        assertThat(verification.get("valid").asBoolean()).isTrue();
        assertThat(verification.get("expected_head_at_sequence").asLong()).isEqualTo(3);
        assertThat(verification.get("event_count").asInt()).isEqualTo(5);
    }

    @Test
    void anEmptyOrMalformedExpectedHeadIsRefusedNotIgnored() {
        String escrow = disputedEscrow();
        for (String given : List.of("", "%20", "abc", "A".repeat(64))) {
            ApiClient.Response refused = integrator.get("/v1/escrows/" + escrow + "/verification?expected_head=" + given);
            assertThat(refused.status()).as("expected_head=%s", given).isEqualTo(422);
            assertThat(refused.json().get("code").asString()).isEqualTo("validation_failed");
            assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("expected_head");
        }
    }

    @Test
    void aMissingLinkIsRefusedNotPaperedOver() {
        String escrow = tamperable();
        jdbc.sql("UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), "
                 + "'order_', 'forged_'), 'UTF8') WHERE aggregate_identifier = ? AND sequence_number = 0")
            .param(escrow).update();
        jdbc.sql("DELETE FROM event_chain WHERE aggregate_identifier = ?").param(escrow).update();

        String dispute = integrator.get("/v1/escrows/" + escrow).json().get("dispute_id").asString();
        ApiClient.Response refused = integrator.post("/v1/disputes/" + dispute + "/lock", null);
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.json().get("code").asString()).isEqualTo("history_integrity_failure");
        assertThat(integrator.get("/v1/escrows/" + escrow + "/verification").json().get("valid").asBoolean()).isFalse();
        JsonNode everything = new Admin(api).get("/admin/v1/audit/verification").json();
        assertThat(everything.get("broken").valueStream().map(b -> b.get("aggregate_id").asString())).contains(escrow);
    }

    @Test
    void aCommandOnAnEscrowWhoseMetadataWasErasedIsRefusedAndChangesNothing() {
        String escrow = tamperable();
        jdbc.sql("UPDATE domain_event_entry SET meta_data = NULL WHERE aggregate_identifier = ? AND sequence_number = 1")
            .param(escrow).update();

        expectRefusedAsBrokenHistory(escrow);
    }

    @Test
    void aCommandOnAnEscrowMissingAMiddleEventWithTheRestRenumberedIsRefusedAndChangesNothing() {
        String escrow = tamperable();
        jdbc.sql("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 1")
            .param(escrow).update();
        for (int sequence = 2; sequence <= 3; sequence++) {
            jdbc.sql("UPDATE domain_event_entry SET sequence_number = ? WHERE aggregate_identifier = ? "
                     + "AND sequence_number = ?").params(sequence - 1, escrow, sequence).update();
        }

        expectRefusedAsBrokenHistory(escrow);
    }

    @Test
    void aCommandOnAnEscrowThatLostAnEventToAnotherIsRefusedAndChangesNothing() {
        String escrow = tamperable();
        String other = tamperable();
        jdbc.sql("UPDATE domain_event_entry SET aggregate_identifier = ?, sequence_number = 4 "
                 + "WHERE aggregate_identifier = ? AND sequence_number = 2").params(other, escrow).update();

        expectRefusedAsBrokenHistory(escrow);
        expectRefusedAsBrokenHistory(other);
    }

    @Test
    void anEventRewrittenAsItWasStaysFoundUntilAnOperatorAcknowledgesIt() {
        String escrow = tamperable();
        jdbc.sql("UPDATE domain_event_entry SET payload = payload WHERE aggregate_identifier = ? AND sequence_number = 1")
            .param(escrow).update();

        JsonNode verification = integrator.get("/v1/escrows/" + escrow + "/verification").json();
        assertThat(verification.get("valid").asBoolean()).isFalse();
        assertThat(verification.get("reason").asString()).contains("was altered at");
        expectRefusedAsBrokenHistory(escrow);

        jdbc.sql("DELETE FROM event_store_alterations WHERE aggregate_identifier = ?").param(escrow).update();
        assertThat(integrator.get("/v1/escrows/" + escrow + "/verification").json().get("valid").asBoolean()).isTrue();
    }

    /** Locking the dispute's evidence is refused as a broken history, and appends nothing. */
    private void expectRefusedAsBrokenHistory(String escrow) {
        long events = storedEvents(escrow);
        String dispute = jdbc.sql("SELECT dispute_id FROM escrows WHERE escrow_id = ?").param(escrow)
                             .query(String.class).single();
        ApiClient.Response refused = integrator.post("/v1/disputes/" + dispute + "/lock", null);

        assertThat(refused.status()).as(refused.body()).isEqualTo(500);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("code").asString()).isEqualTo("history_integrity_failure");
        assertThat(storedEvents(escrow)).isEqualTo(events);
    }

    @Test
    void removingTheLastEventOnlyFromTheEventsIsFound() {
        String escrow = tamperable();
        jdbc.sql("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 3")
            .param(escrow).update();

        expectBrokenAt(escrow, null, 3);
        JsonNode everything = new Admin(api).get("/admin/v1/audit/verification").json();
        assertThat(everything.get("valid").asBoolean()).isFalse();
        assertThat(everything.get("broken").valueStream().map(b -> b.get("aggregate_id").asString())).contains(escrow);
    }

    @Test
    void theFeedPagesThroughTheIntegratorsEventsAndStreamsAsJsonLines() {
        String first = disputedEscrow();
        String second = disputedEscrow();

        JsonNode page = integrator.get("/v1/events?limit=5").json();
        assertThat(page.get("data")).hasSize(5);
        assertThat(page.get("has_more").asBoolean()).isTrue();
        JsonNode rest = integrator.get("/v1/events?limit=100&after=" + page.get("next_cursor").asString()).json();
        assertThat(rest.get("data")).hasSize(3);
        assertThat(rest.get("has_more").asBoolean()).isFalse();
        assertThat(rest.get("data").get(2).get("payload").get("escrowId").asString()).isEqualTo(second);
        assertThat(page.get("data").get(0).get("payload").get("escrowId").asString()).isEqualTo(first);

        ApiClient.Response lines = integrator.call("GET", "/v1/events", null, Map.of("Accept", "application/x-ndjson"));
        assertThat(lines.header("Content-Type")).startsWith("application/x-ndjson");
        List<String> rows = lines.body().lines().toList();
        assertThat(rows).hasSize(8);
        JsonMapper json = JsonMapper.builder().build();
        assertThat(rows).allSatisfy(row -> assertThat(json.readTree(row).get("hash").asString()).hasSize(64));

        assertThat(api.get("/v1/events?limit=1000").json().get("data").valueStream()
                      .map(e -> e.get("payload").path("escrowId").asString())).doesNotContain(first, second);
        assertThat(api.get("/v1/escrows/" + first + "/events").json().get("code").asString()).isEqualTo("escrow_not_found");
    }

    @Test
    void anEscrowAndItsDisputeAsTheyWereAtAPastMoment() throws Exception {
        String escrow = integrator.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).json().get("id").asString();
        Thread.sleep(15);
        integrator.post("/v1/escrows/" + escrow + "/payment-status", Seed.paymentStatus("pi_past"));
        Thread.sleep(15);
        String dispute = integrator.post("/v1/escrows/" + escrow + "/dispute", Seed.openDispute("NOT_DELIVERED"))
                                   .json().get("id").asString();
        Thread.sleep(15);
        integrator.post("/v1/disputes/" + dispute + "/evidence", Seed.evidence("client", "sha256:ab"));
        integrator.post("/v1/disputes/" + dispute + "/lock", null);
        // "As of" is measured against when each event was recorded, as the history shows it.
        JsonNode recorded = integrator.get("/v1/escrows/" + escrow + "/events").json().get("events");
        String created = recorded.get(0).get("occurred_at").asString();
        String openedAt = recorded.get(2).get("occurred_at").asString();

        JsonNode atCreation = integrator.get("/v1/escrows/" + escrow + "?as_of=" + created).json();
        assertThat(atCreation.get("state").asString()).isEqualTo("CREATED");
        assertThat(atCreation.get("held_amount").asLong()).isZero();
        assertThat(atCreation.get("chain_head").asString())
                .isEqualTo(integrator.get("/v1/escrows/" + escrow + "/events").json().at("/events/0/hash").asString());
        JsonNode atOpening = integrator.get("/v1/disputes/" + dispute + "?as_of=" + openedAt).json();
        assertThat(atOpening.get("state").asString()).isEqualTo("OPEN");
        assertThat(atOpening.get("evidence")).isEmpty();

        JsonNode now = integrator.get("/v1/escrows/" + escrow).json();
        JsonNode replayedNow = integrator.get("/v1/escrows/" + escrow + "?as_of=" + java.time.Instant.now()).json();
        assertThat(replayedNow).as("the past view of now is today's view").isEqualTo(now);
        assertThat(integrator.get("/v1/disputes/" + dispute).json().get("state").asString())
                .as("a past view changes nothing").isEqualTo("EVIDENCE_LOCKED");

        assertThat(integrator.get("/v1/escrows/" + escrow + "?as_of=2000-01-01T00:00:00Z").status()).isEqualTo(404);
        assertThat(integrator.get("/v1/escrows/" + escrow + "?as_of=yesterday").status()).isEqualTo(422);
        assertThat(api.get("/v1/escrows/" + escrow + "?as_of=" + created).status()).isEqualTo(404);
    }

    @Test
    void anInstantBetweenTheEventsOfOneCommandShowsTheStateBeforeItNeverHalfOfIt() {
        String released;
        String refunded;
        try (TickingEventClock stampedApart = TickingEventClock.install()) {
            released = integrator.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).json().get("id")
                                 .asString();
            integrator.post("/v1/escrows/" + released + "/payment-status", Seed.paymentStatus("pi_whole"));
            integrator.post("/v1/escrows/" + released + "/release", null); // two milestones, then closed: one command
            refunded = integrator.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).json().get("id")
                                 .asString();
            integrator.post("/v1/escrows/" + refunded + "/payment-status", Seed.paymentStatus("pi_whole"));
            integrator.post("/v1/escrows/" + refunded + "/refund", null);
        }

        expectWholeCommands(released, "RELEASED", "released_amount");
        expectWholeCommands(refunded, "REFUNDED", "refunded_amount");
    }

    /** At each event of the closing command (events 2 to 4) the escrow is as funded, until its last: then closed. */
    private void expectWholeCommands(String escrow, String closedState, String movedAmount) {
        JsonNode events = integrator.get("/v1/escrows/" + escrow + "/events").json().get("events");
        assertThat(events).hasSize(5);
        assertThat(java.time.Instant.parse(events.get(2).get("occurred_at").asString()))
                .as("the command's events were recorded at different moments, so an instant can fall between them")
                .isBefore(java.time.Instant.parse(events.get(4).get("occurred_at").asString()));
        for (int sequence = 2; sequence <= 4; sequence++) {
            JsonNode past = integrator.get("/v1/escrows/" + escrow + "?as_of="
                                           + events.get(sequence).get("occurred_at").asString()).json();
            boolean closed = sequence == 4;
            assertThat(past.get("state").asString()).as("at event %d", sequence)
                    .isEqualTo(closed ? closedState : "FUNDED");
            assertThat(past.get(movedAmount).asLong()).as("at event %d", sequence).isEqualTo(closed ? 50000 : 0);
            assertThat(past.get("held_amount").asLong()).as("at event %d", sequence).isEqualTo(closed ? 0 : 50000);
            assertThat(past.get("milestones").valueStream().map(m -> m.get("state").asString()).distinct())
                    .as("at event %d", sequence).hasSize(1);
        }
    }

    @Test
    void anAuditBundleVerifiesOfflineAndATamperedOneDoesNot() throws Exception {
        String escrow = disputedEscrow();
        String dispute = integrator.get("/v1/escrows/" + escrow).json().get("dispute_id").asString();
        integrator.post("/v1/disputes/" + dispute + "/evidence", Seed.evidence("contractor", "sha256:cd"));
        integrator.post("/v1/disputes/" + dispute + "/lock", null);
        integrator.get("/v1/disputes/" + dispute + "/recommendation");

        JsonNode bundle = integrator.get("/v1/escrows/" + escrow + "/audit-bundle").json();
        assertThat(bundle.get("events")).hasSize(7);
        assertThat(bundle.get("evidence_locks").get(0).get("evidence")).hasSize(1);
        assertThat(bundle.get("recommendations").get(0).at("/recommendation/explanation")).isNotEmpty();
        String head = bundle.get("head_hash").asString();

        java.nio.file.Path file = java.nio.file.Files.createTempFile("bundle", ".json");
        java.nio.file.Files.writeString(file, bundle.toString());
        assertThat(verifyOffline(file, head)).startsWith("valid: 7 events");

        String tampered = bundle.toString().replace(bundle.at("/events/1/payload_base64").asString(),
                java.util.Base64.getEncoder().encodeToString("{\"escrowId\":\"x\"}".getBytes()));
        java.nio.file.Files.writeString(file, tampered);
        assertThat(verifyOffline(file, head)).startsWith("INVALID: event 1");
        java.nio.file.Files.writeString(file, bundle.toString());
        assertThat(verifyOffline(file, "0".repeat(64))).startsWith("INVALID: the head you recorded");
        // A head given empty (an unset variable, say) is refused, never taken as no head at all.
        assertThat(verifyOffline(file, "")).startsWith("INVALID: the head you recorded is not a hash");
        assertThat(verifyOffline(file, head.toUpperCase())).startsWith("INVALID: the head you recorded is not a hash");
        String earlierHead = bundle.at("/events/3/hash").asString();
        assertThat(verifyOffline(file, earlierHead)).contains("recorded head at event 3");
        java.nio.file.Files.writeString(file, "{\"code\": \"escrow_not_found\"}");
        assertThat(verifyOffline(file, head)).startsWith("INVALID: not an audit bundle");
    }

    private static String verifyOffline(java.nio.file.Path bundle, String head) throws Exception {
        Process process = new ProcessBuilder("bash", java.nio.file.Path.of("..", "scripts", "verify-audit-bundle")
                .toAbsolutePath().normalize().toString(), bundle.toString(), head).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(output.startsWith("valid") ? 0 : 1);
        return output;
    }

    private void expectBrokenAt(String escrow, String expectedHead, long sequence) {
        String path = "/v1/escrows/" + escrow + "/verification" + (expectedHead == null ? "" : "?expected_head=" + expectedHead);
        JsonNode verification = integrator.get(path).json();
        assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isFalse();
        assertThat(verification.get("broken_at_sequence").asLong()).as(verification.toString()).isEqualTo(sequence);
        assertThat(verification.get("reason").asString()).isNotBlank();
    }

    private String disputedEscrow() {
        String id = integrator.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).json().get("id").asString();
        integrator.post("/v1/escrows/" + id + "/payment-status", Seed.paymentStatus("pi_audit"));
        integrator.post("/v1/escrows/" + id + "/deliverable", Seed.deliverable("ms_design"));
        integrator.post("/v1/escrows/" + id + "/dispute", Seed.openDispute("DELIVERABLE_INCOMPLETE"));
        return id;
    }
}
