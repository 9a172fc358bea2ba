package io.escrowledger.api.escrow;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Seed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every refusal is a problem document with a stable code, and stores nothing. */
class EscrowErrorsIntegrationTest extends IntegrationTest {

    @Test
    void missingAndInvalidFieldsAreAllReportedWithTheirPaths() {
        long before = allStoredEvents();
        ApiClient.Response response = api.post("/v1/escrows", """
                {"external_id": "", "currency": "usd", "total_amount": 0,
                 "milestones": [{"milestone_id": "a b", "amount": -5, "deadline": "tomorrow"},
                                {"milestone_id": "ok", "amount": 9007199254740992},
                                {"milestone_id": "ok"}]}""");

        JsonNode problem = expectProblem(response, 422, "validation_failed");
        assertThat(problem.get("errors").valueStream().map(e -> e.get("field").asString())).containsExactlyInAnyOrder(
                "external_id", "currency", "total_amount", "milestones[0].milestone_id", "milestones[0].amount",
                "milestones[0].deadline", "milestones[1].amount", "milestones[2].milestone_id",
                "milestones[2].amount");
        assertThat(allStoredEvents()).isEqualTo(before);
    }

    @Test
    void missingBodyFieldsAreRequired() {
        JsonNode problem = expectProblem(api.post("/v1/escrows", "{}"), 422, "validation_failed");
        assertThat(problem.get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactlyInAnyOrder("external_id", "currency", "total_amount", "milestones");
    }

    @Test
    void milestonesThatDoNotAddUpToTheTotalAreRefused() {
        long before = allStoredEvents();
        String body = Seed.createEscrow(Seed.uniqueExternalId()).replace("\"total_amount\": 50000", "\"total_amount\": 50001");

        expectProblem(api.post("/v1/escrows", body), 422, "milestones_sum_mismatch");
        assertThat(allStoredEvents()).isEqualTo(before);
    }

    @Test
    void milestoneAmountsWhoseSumWouldOverflowAreRefusedNotCrashed() {
        String body = """
                {"external_id": "%s", "currency": "USD", "total_amount": 9007199254740991,
                 "milestones": [{"milestone_id": "a", "amount": 9007199254740991},
                                {"milestone_id": "b", "amount": 9007199254740991}]}""".formatted(Seed.uniqueExternalId());

        expectProblem(api.post("/v1/escrows", body), 422, "milestones_sum_mismatch");
    }

    @Test
    void duplicateMilestoneIdsAreRefused() {
        String body = Seed.createEscrow(Seed.uniqueExternalId()).replace("ms_development", "ms_design");

        JsonNode problem = expectProblem(api.post("/v1/escrows", body), 422, "validation_failed");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("milestones[1].milestone_id");
    }

    @Test
    void secondEscrowWithTheSameExternalIdIsRefusedAndNamesTheFirst() {
        String externalId = Seed.uniqueExternalId();
        String first = api.post("/v1/escrows", Seed.createEscrow(externalId)).json().get("id").asString();
        long before = allStoredEvents();

        JsonNode problem = expectProblem(api.post("/v1/escrows", Seed.createEscrow(externalId)), 409,
                "duplicate_external_id");

        assertThat(problem.get("existing_escrow_id").asString()).isEqualTo(first);
        assertThat(allStoredEvents()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"external_id\": ",                                            // truncated JSON
            "[1, 2]",                                                        // not an object
            "{\"external_id\": 12, \"currency\": \"USD\"}",                   // number for a string
            "{\"total_amount\": \"50000\"}",                                 // string for a number
            "{\"total_amount\": 500.5}",                                     // fraction of a minor unit
            "{\"total_amount\": 123456789012345678901234567890}",            // beyond any integer type
            "{\"external_id\": \"a\", \"external_id\": \"b\"}",              // duplicate key
            "{\"externalId\": \"a\"}",                                       // unknown field
            "{\"milestones\": {\"milestone_id\": \"a\"}}",                   // object for an array
            "{} {}"                                                          // trailing content
    })
    void unreadableBodiesAreMalformedRequests(String body) {
        long before = allStoredEvents();

        expectProblem(api.post("/v1/escrows", body), 400, "malformed_request");
        assertThat(allStoredEvents()).isEqualTo(before);
    }

    @Test
    void unknownEnumValuesAreMalformedRequests() {
        String id = create();

        expectProblem(api.post("/v1/escrows/" + id + "/payment-status",
                Seed.paymentStatus("pi_1").replace("FUNDS_HELD", "FUNDS_MAYBE")), 400, "malformed_request");
        expectProblem(api.get("/v1/escrows?state=LOST"), 400, "malformed_request");
    }

    @Test
    void unknownEscrowsAreNotFoundWhateverTheirShape() {
        expectProblem(api.get("/v1/escrows/esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc"), 404, "escrow_not_found");
        expectProblem(api.send(api.request("/v1/escrows/..%2F..%2Fetc%2Fpasswd")), 400, "malformed_request");
        expectProblem(api.send(api.request("/v1/escrows/%ff%fe")), 400, "malformed_request");
        expectProblem(api.get("/v1/escrows/esc_'%20OR%201=1--"), 400, "malformed_request");
        expectProblem(api.get("/v1/escrows/esc_'OR'1'='1"), 400, "malformed_request");
        expectProblem(api.get("/v1/escrows/esc_DROP_TABLE_escrows"), 404, "escrow_not_found");
        expectProblem(api.post("/v1/escrows/esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc/release", null), 404,
                "escrow_not_found");
    }

    @Test
    void unknownMilestoneIsNotFound() {
        String id = funded();

        expectProblem(api.post("/v1/escrows/" + id + "/release", "{\"milestone_id\": \"ms_nope\"}"), 404,
                "milestone_not_found");
        expectProblem(api.post("/v1/escrows/" + id + "/deliverable", Seed.deliverable("ms_nope")), 404,
                "milestone_not_found");
    }

    @Test
    void transitionsTheStateMachineForbidsAreConflicts() {
        String id = create();
        long events = storedEvents(id);

        expectProblem(api.post("/v1/escrows/" + id + "/deliverable", Seed.deliverable("ms_design")), 409,
                "invalid_state_transition");
        expectProblem(api.post("/v1/escrows/" + id + "/release", null), 409, "invalid_state_transition");
        expectProblem(api.post("/v1/escrows/" + id + "/refund", null), 409, "invalid_state_transition");
        assertThat(storedEvents(id)).isEqualTo(events);

        api.post("/v1/escrows/" + id + "/payment-status", Seed.paymentStatus("pi_1"));
        api.post("/v1/escrows/" + id + "/release", "{\"milestone_id\": \"ms_design\"}");
        expectProblem(api.post("/v1/escrows/" + id + "/release", "{\"milestone_id\": \"ms_design\"}"), 409,
                "invalid_state_transition");
        expectProblem(api.post("/v1/escrows/" + id + "/deliverable", Seed.deliverable("ms_design")), 409,
                "invalid_state_transition");

        api.post("/v1/escrows/" + id + "/refund", null);
        long closed = storedEvents(id);
        expectProblem(api.post("/v1/escrows/" + id + "/refund", null), 409, "invalid_state_transition");
        expectProblem(api.post("/v1/escrows/" + id + "/release", null), 409, "invalid_state_transition");
        assertThat(storedEvents(id)).isEqualTo(closed);
    }

    @Test
    void anotherPaymentReferenceOnAFundedEscrowIsAConflict() {
        String id = funded();

        expectProblem(api.post("/v1/escrows/" + id + "/payment-status", Seed.paymentStatus("pi_other")), 409,
                "payment_reference_conflict");
    }

    @Test
    void invalidExternalReferenceIsReportedFieldByField() {
        String id = funded();

        JsonNode problem = expectProblem(api.post("/v1/escrows/" + id + "/deliverable", """
                {"milestone_id": "ms_design",
                 "reference": {"type": "external_reference", "provider": "", "uri": "not a uri",
                               "content_hash": "e3b0"}}"""), 422, "validation_failed");
        assertThat(problem.get("errors").valueStream().map(e -> e.get("field").asString())).containsExactlyInAnyOrder(
                "reference.provider", "reference.uri", "reference.content_hash");
    }

    @Test
    void listingRefusesPageSizesOutOfRangeAndForeignCursors() {
        expectProblem(api.get("/v1/escrows?limit=0"), 422, "validation_failed");
        expectProblem(api.get("/v1/escrows?limit=201"), 422, "validation_failed");
        expectProblem(api.get("/v1/escrows?limit=ten"), 400, "malformed_request");
        expectProblem(api.get("/v1/escrows?cursor=bm90LWFuLWlk"), 422, "validation_failed");
    }

    @Test
    void aCursorIsHonouredOnlyOnTheListAndForTheIntegratorItWasIssuedTo() {
        create();
        create();
        JsonNode first = api.get("/v1/escrows?limit=1").json();
        String issued = first.get("next_cursor").asString();
        String second = api.get("/v1/escrows?limit=5&cursor=" + issued).json().at("/data/0/id").asString();
        assertThat(second).isLessThan(first.at("/data/0/id").asString());

        // base64url of an id: what an opaque cursor looked like before cursors carried a tag.
        String newest = first.at("/data/0/id").asString();
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(newest.getBytes(StandardCharsets.UTF_8));
        expectProblem(api.get("/v1/escrows?cursor=" + forged), 422, "validation_failed");
        // Another position under the issued cursor's tag; a made-up tag; a tag cut or lengthened.
        String movedOn = Base64.getUrlEncoder().withoutPadding().encodeToString(second.getBytes(StandardCharsets.UTF_8))
                         + issued.substring(issued.indexOf('.'));
        for (String cursor : List.of(movedOn, forged + ".AAAAAAAAAAAAAAAAAAAAAA", issued + "A",
                issued.substring(0, issued.length() - 1), issued.substring(0, issued.indexOf('.')))) {
            expectProblem(api.get("/v1/escrows?cursor=" + cursor), 422, "validation_failed");
        }
        // Another list (another filter), another integrator: the same cursor is not theirs.
        expectProblem(api.get("/v1/escrows?state=CREATED&cursor=" + issued), 422, "validation_failed");
        ApiClient other = new Admin(api).newIntegrator("Cursor borrower");
        expectProblem(other.get("/v1/escrows?cursor=" + issued), 422, "validation_failed");
    }

    @Test
    void hostileQueryStringsAndDatesAreRefusedNotCrashed() {
        ApiClient.Response badEscape = api.rawGet("/v1/escrows?cursor=%zz");
        assertThat(badEscape.status()).as(badEscape.body()).isEqualTo(400);
        assertThat(badEscape.json().get("code").asString()).isEqualTo("malformed_request");
        expectProblem(api.get("/v1/escrows?external_id=%00"), 422, "validation_failed");
        String farFuture = Seed.createEscrow(Seed.uniqueExternalId()).replace("2025-02-01T00:00:00Z", "+300000-01-01T00:00:00Z");
        expectProblem(api.post("/v1/escrows", farFuture), 422, "validation_failed");
        String farPast = Seed.createEscrow(Seed.uniqueExternalId()).replace("2025-02-01T00:00:00Z", "-5000-01-01T00:00:00Z");
        expectProblem(api.post("/v1/escrows", farPast), 422, "validation_failed");
    }

    @Test
    void wrongMethodMediaTypeAndRouteHaveTheirOwnCodes() {
        expectProblem(api.call("DELETE", "/v1/escrows", null, Map.of()), 405, "method_not_allowed");
        expectProblem(api.call("POST", "/v1/escrows", "hello", Map.of("Content-Type", "text/plain")),
                415, "unsupported_media_type");
        expectProblem(api.get("/v1/nothing-here"), 404, "not_found");
    }

    @Test
    void onlyJsonInUtf8IsReadAndABodyWithAByteOrderMarkIsNot() {
        for (String type : List.of("application/json; charset=utf-16", "application/json; charset=UTF-16LE",
                "application/json; charset=utf8", "application/json; charset=iso-8859-1",
                "application/json; charset=utf-8; profile=x", "application/merge-patch+json",
                "application/problem+json", "text/json")) {
            String externalId = Seed.uniqueExternalId();
            expectProblem(api.call("POST", "/v1/escrows", Seed.createEscrow(externalId), Map.of("Content-Type", type)),
                    415, "unsupported_media_type");
            assertThat(api.get("/v1/escrows?external_id=" + externalId).json().get("data")).as(type).isEmpty();
        }

        String externalId = Seed.uniqueExternalId();
        byte[] body = Seed.createEscrow(externalId).getBytes(StandardCharsets.UTF_8);
        byte[] withByteOrderMark = new byte[body.length + 3];
        withByteOrderMark[0] = (byte) 0xEF;
        withByteOrderMark[1] = (byte) 0xBB;
        withByteOrderMark[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withByteOrderMark, 3, body.length);
        expectProblem(api.callBytes("POST", "/v1/escrows", withByteOrderMark, Map.of("Content-Type", "application/json")),
                400, "malformed_request");
        assertThat(api.get("/v1/escrows?external_id=" + externalId).json().get("data")).isEmpty();

        for (String type : List.of("application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8",
                "Application/JSON; Charset=\"utf-8\"")) {
            assertThat(api.call("POST", "/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId()),
                    Map.of("Content-Type", type)).status()).as(type).isEqualTo(201);
        }
    }

    private JsonNode expectProblem(ApiClient.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        if (response.raw() != null) {
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        }
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
        if (response.header("X-Request-Id") != null) {
            // Tomcat refuses some URIs before any filter runs: those answers have no request id.
            assertThat(problem.get("request_id").asString()).isEqualTo(response.header("X-Request-Id"));
        }
        if (code != null) {
            assertThat(problem.get("code").asString()).isEqualTo(code);
            assertThat(problem.get("type").asString()).endsWith("#" + code);
        }
        return problem;
    }

    private String create() {
        return api.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).json().get("id").asString();
    }

    private String funded() {
        String id = create();
        api.post("/v1/escrows/" + id + "/payment-status", Seed.paymentStatus("pi_stripe_xyz"));
        return id;
    }
}
