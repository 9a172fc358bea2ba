package io.escrowledger.api.escrow;

import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Seed;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The quick-start guide's steps 1 to 3 and the ways money leaves an escrow, over HTTP. */
class EscrowLifecycleIntegrationTest extends IntegrationTest {

    @Test
    void createAnswers201WithTheSeedsFieldsAndTheHeldAmounts() {
        String externalId = Seed.uniqueExternalId();
        ApiClient.Response response = api.post("/v1/escrows", Seed.createEscrow(externalId));

        assertThat(response.status()).isEqualTo(201);
        JsonNode escrow = response.json();
        assertThat(escrow.get("id").asString()).matches("esc_[0-9a-f-]{36}");
        assertThat(response.header("Location")).isEqualTo("/v1/escrows/" + escrow.get("id").asString());
        assertThat(escrow.get("external_id").asString()).isEqualTo(externalId);
        assertThat(escrow.get("state").asString()).isEqualTo("CREATED");
        assertThat(escrow.get("currency").asString()).isEqualTo("USD");
        assertThat(escrow.get("total_amount").asLong()).isEqualTo(50000);
        assertThat(escrow.get("held_amount").asLong()).isZero();
        assertThat(escrow.get("released_amount").asLong()).isZero();
        assertThat(escrow.get("refunded_amount").asLong()).isZero();
        assertThat(escrow.get("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        JsonNode design = escrow.get("milestones").get(0);
        assertThat(design.get("milestone_id").asString()).isEqualTo("ms_design");
        assertThat(design.get("amount").asLong()).isEqualTo(20000);
        assertThat(design.get("deadline").asString()).isEqualTo("2025-02-01T00:00:00Z");
        assertThat(design.get("state").asString()).isEqualTo("PENDING");
        assertThat(escrow.get("milestones").get(1).get("milestone_id").asString()).isEqualTo("ms_development");
    }

    @Test
    void seedStepsOneToThreeThenReleaseEverythingEndsReleased() {
        String id = create();

        ApiClient.Response funded = api.post("/v1/escrows/" + id + "/payment-status", Seed.paymentStatus("pi_stripe_xyz"));
        assertThat(funded.status()).isEqualTo(200);
        assertThat(funded.json()).isEqualTo(ApiClient.tree(Map.of("status", "accepted", "current_state", "FUNDED")));
        JsonNode afterFunding = api.get("/v1/escrows/" + id).json();
        assertThat(afterFunding.get("state").asString()).isEqualTo("FUNDED");
        assertThat(afterFunding.get("held_amount").asLong()).isEqualTo(50000);
        assertThat(afterFunding.get("external_payment_ref").asString()).isEqualTo("pi_stripe_xyz");

        ApiClient.Response delivered = api.post("/v1/escrows/" + id + "/deliverable", Seed.deliverable("ms_design"));
        assertThat(delivered.status()).isEqualTo(200);
        assertThat(delivered.json().get("state").asString()).isEqualTo("DELIVERED");
        JsonNode design = delivered.json().get("milestones").get(0);
        assertThat(design.get("state").asString()).isEqualTo("DELIVERED");
        assertThat(design.get("deliverable").get("provider").asString()).isEqualTo("github");
        assertThat(design.get("deliverable").get("content_hash").asString()).startsWith("sha256:");

        ApiClient.Response released = api.post("/v1/escrows/" + id + "/release", null);
        assertThat(released.status()).isEqualTo(200);
        JsonNode escrow = released.json();
        assertThat(escrow.get("state").asString()).isEqualTo("RELEASED");
        assertThat(escrow.get("held_amount").asLong()).isZero();
        assertThat(escrow.get("released_amount").asLong()).isEqualTo(50000);
        assertThat(escrow.get("closed_at").isNull()).isFalse();
        assertThat(api.get("/v1/escrows/" + id).json()).isEqualTo(escrow);
    }

    @Test
    void releasingOneMilestoneAndRefundingTheRestEndsSettledAndAddsUp() {
        String id = fundedEscrow();

        JsonNode partly = api.post("/v1/escrows/" + id + "/release", "{\"milestone_id\": \"ms_design\"}").json();
        assertThat(partly.get("state").asString()).isEqualTo("FUNDED");
        assertThat(partly.get("held_amount").asLong()).isEqualTo(30000);
        assertThat(partly.get("released_amount").asLong()).isEqualTo(20000);
        assertThat(partly.get("milestones").get(0).get("state").asString()).isEqualTo("RELEASED");

        JsonNode settled = api.post("/v1/escrows/" + id + "/refund", "{}").json();
        assertThat(settled.get("state").asString()).isEqualTo("SETTLED");
        assertThat(settled.get("released_amount").asLong() + settled.get("refunded_amount").asLong())
                .isEqualTo(settled.get("total_amount").asLong());
        assertThat(settled.get("milestones").get(1).get("state").asString()).isEqualTo("REFUNDED");
    }

    @Test
    void refundingEverythingEndsRefunded() {
        String id = fundedEscrow();

        JsonNode refunded = api.post("/v1/escrows/" + id + "/refund", null).json();

        assertThat(refunded.get("state").asString()).isEqualTo("REFUNDED");
        assertThat(refunded.get("refunded_amount").asLong()).isEqualTo(50000);
    }

    @Test
    void declaringTheSamePaymentReferenceAgainAnswersTheSameAndStoresNothing() {
        String id = fundedEscrow();
        long events = storedEvents(id);

        ApiClient.Response again = api.post("/v1/escrows/" + id + "/payment-status", Seed.paymentStatus("pi_stripe_xyz"));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("current_state").asString()).isEqualTo("FUNDED");
        assertThat(storedEvents(id)).isEqualTo(events);
    }

    @Test
    void withoutDeclaredAtTheFundsAreDeclaredHeldWhenTheRequestArrives() {
        String id = create();

        ApiClient.Response funded = api.post("/v1/escrows/" + id + "/payment-status",
                "{\"external_payment_ref\": \"pi_undated\", \"status\": \"FUNDS_HELD\"}");

        assertThat(funded.status()).as(funded.body()).isEqualTo(200);
        assertThat(funded.json().get("current_state").asString()).isEqualTo("FUNDED");
        JsonNode held = JsonMapper.builder().build().readTree(jdbc.sql("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry "
                                                + "WHERE aggregate_identifier = ? AND sequence_number = 1")
                                           .param(id).query(String.class).single());
        assertThat(held.get("declaredAt").asString()).isEqualTo(held.get("heldAt").asString());
    }

    @Test
    void everyStoredEventNamesTheIntegratorAndTheRequestThatCausedIt() {
        String id = create();

        String metadata = jdbc.sql("SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry "
                                   + "WHERE aggregate_identifier = ? AND sequence_number = 0")
                              .param(id).query(String.class).single();

        assertThat(metadata).contains("\"integrator_id\":\"int_").contains("\"request_id\":\"req_")
                            .contains("\"api_key_id\":\"" + API_KEY + "\"");
    }

    @Test
    void callersRequestIdIsEchoedAndRecorded() {
        ApiClient.Response response = api.call("POST", "/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId()),
                Map.of("X-Request-Id", "trace-42"));

        assertThat(response.header("X-Request-Id")).isEqualTo("trace-42");
        String metadata = jdbc.sql("SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry "
                                   + "WHERE aggregate_identifier = ?")
                              .param(response.json().get("id").asString()).query(String.class).single();
        assertThat(metadata).contains("\"request_id\":\"trace-42\"");
    }

    @Test
    void listsNewestFirstWithCursorPaginationAndFilters() {
        String first = create();
        String second = create();
        String third = create();
        api.post("/v1/escrows/" + second + "/payment-status", Seed.paymentStatus("pi_list"));

        JsonNode page = api.get("/v1/escrows?limit=2").json();
        assertThat(page.get("data")).hasSize(2);
        assertThat(page.get("data").get(0).get("id").asString()).isEqualTo(third);
        assertThat(page.get("data").get(1).get("id").asString()).isEqualTo(second);
        assertThat(page.get("has_more").asBoolean()).isTrue();

        JsonNode next = api.get("/v1/escrows?limit=2&cursor=" + page.get("next_cursor").asString()).json();
        assertThat(next.get("data").get(0).get("id").asString()).isEqualTo(first);

        JsonNode funded = api.get("/v1/escrows?state=FUNDED&limit=200").json();
        assertThat(funded.get("data").valueStream().map(e -> e.get("state").asString())).containsOnly("FUNDED");
        assertThat(funded.get("data").valueStream().map(e -> e.get("id").asString())).contains(second);

        String externalId = api.get("/v1/escrows/" + first).json().get("external_id").asString();
        JsonNode byExternalId = api.get("/v1/escrows?external_id=" + externalId).json();
        assertThat(byExternalId.get("data")).hasSize(1);
        assertThat(byExternalId.get("data").get(0).get("id").asString()).isEqualTo(first);
        assertThat(byExternalId.get("has_more").asBoolean()).isFalse();
        assertThat(byExternalId.get("next_cursor").isNull()).isTrue();
    }

    private String create() {
        ApiClient.Response response = api.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId()));
        assertThat(response.status()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private String fundedEscrow() {
        String id = create();
        assertThat(api.post("/v1/escrows/" + id + "/payment-status", Seed.paymentStatus("pi_stripe_xyz")).status())
                .isEqualTo(200);
        return id;
    }
}
