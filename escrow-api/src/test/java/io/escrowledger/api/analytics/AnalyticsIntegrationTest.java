package io.escrowledger.api.analytics;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Patience;
import io.escrowledger.api.support.Seed;
import io.escrowledger.projections.analytics.AnalyticsReplay;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The analytics schema, its API, its CSV export and its rebuild, over real flows. The tables are written in the
 * commands' transactions; a rebuild runs in the background, so the tests that start one wait for it.
 */
class AnalyticsIntegrationTest extends IntegrationTest {

    @Autowired
    private PlatformTransactionManager transactions;

    @Autowired
    private AnalyticsReplay replay;

    private ApiClient integrator;
    private String disputed;
    private String released;

    @BeforeEach
    void anIntegratorWithADisputeAReleaseAndAnUnfundedEscrow() {
        integrator = new Admin(api).newIntegrator("Analytics " + System.nanoTime());
        disputed = Seed.flowToDecision(integrator);
        released = Seed.fundedEscrow(integrator);
        integrator.post("/v1/escrows/" + released + "/release", null);
        integrator.post("/v1/escrows", """
                {"external_id": "=SUM(A1:A9),\\"quoted\\"", "currency": "EUR", "total_amount": 700,
                 "milestones": [{"milestone_id": "all", "amount": 700}]}""");
        await().atMost(Patience.BACKGROUND).until(() -> summary("").get("escrows").asLong() == 3);
    }

    @Test
    void theSummaryCountsTheCallersEscrowsDisputesAndTimes() {
        JsonNode summary = summary("");
        assertThat(summary.get("escrows_by_state").properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("CREATED", "RELEASED", "RESOLVED");
        assertThat(summary.get("volumes").findValuesAsString("currency")).containsExactly("EUR", "USD");
        JsonNode usd = summary.get("volumes").get(1);
        assertThat(usd.get("total_amount").asLong()).isEqualTo(100_000);
        // The split paid the contractor 32500 of the disputed escrow; the release paid all 50000 of the other.
        assertThat(usd.get("released_amount").asLong()).isEqualTo(82_500);
        assertThat(usd.get("refunded_amount").asLong()).isEqualTo(17_500);
        JsonNode disputes = summary.get("disputes");
        assertThat(disputes.get("opened").asLong()).isEqualTo(1);
        assertThat(disputes.get("resolved").asLong()).isEqualTo(1);
        assertThat(disputes.get("dispute_rate").asDouble()).isEqualTo(0.5); // one of two funded escrows
        assertThat(disputes.get("by_reason").get("DELIVERABLE_INCOMPLETE").asLong()).isEqualTo(1);
        assertThat(disputes.get("by_decision").get("SPLIT").asLong()).isEqualTo(1);
        assertThat(disputes.get("recommendation_agreement_rate").isNumber()).isTrue();
        assertThat(summary.get("time_to_release_seconds").get("count").asLong()).isEqualTo(1);
        assertThat(summary.get("time_to_resolve_seconds").get("p50").asDouble()).isGreaterThanOrEqualTo(0);

        assertThat(summary("?currency=EUR").get("escrows").asLong()).isEqualTo(1);
        assertThat(summary("?from=2000-01-01T00:00:00Z&to=2001-01-01T00:00:00Z").get("escrows").asLong()).isZero();
        ApiClient someoneElse = new Admin(api).newIntegrator("Someone else " + System.nanoTime());
        assertThat(someoneElse.get("/v1/analytics/summary").json().get("escrows").asLong()).isZero();
    }

    @Test
    void badFiltersAreRefusedWithTheFieldsNamed() {
        ApiClient.Response refused = integrator.get("/v1/analytics/summary?from=yesterday&currency=XXX");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("code").asString()).isEqualTo("validation_failed");
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("from", "currency");
        ApiClient.Response backwards = integrator.get(
                "/v1/analytics/escrows.csv?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z");
        assertThat(backwards.status()).isEqualTo(422);
    }

    @Test
    void theCsvExportHasAHeaderAndOneSafelyQuotedRowPerEscrow() {
        ApiClient.Response csv = integrator.get("/v1/analytics/escrows.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("escrow_id,integrator_id,external_id,currency,total_amount,");
        assertThat(csv.body()).contains(disputed + ",").contains(released + ",")
                // The formula is defused with a quote, and the field quoted for its comma and quotes.
                .contains(",\"'=SUM(A1:A9),\"\"quoted\"\"\",EUR,700,");
        assertThat(integrator.get("/v1/analytics/escrows.csv?currency=USD").body().lines()).hasSize(3);
    }

    @Test
    void aRebuildFromTheEventsGivesTheSameRows() {
        List<Map<String, Object>> before = analyticsRows();
        assertThat(before).isNotEmpty();
        // Damage the tables, as a bug in a handler would: only a replay of the events can mend them.
        jdbc.sql("UPDATE analytics.escrows SET state = 'DAMAGED', released_amount = 0 WHERE escrow_id = ?")
            .param(released).update();
        jdbc.sql("DELETE FROM analytics.disputes WHERE escrow_id = ?").param(disputed).update();
        assertThat(analyticsRows()).isNotEqualTo(before);

        ApiClient.Response started = new Admin(api).post("/admin/v1/analytics/rebuild", null, ADMIN_TOKEN);
        assertThat(started.status()).isEqualTo(202);

        await().atMost(Patience.BACKGROUND).pollInterval(Duration.ofMillis(200))
               .until(() -> analyticsRows().equals(before));
        assertThat(analyticsRows()).isEqualTo(before);
    }

    /**
     * Commands go on while the analytics are rebuilt: each escrow's row, whether its events were replayed, applied
     * live, or some of each, ends with every event applied once, in order.
     */
    @Test
    void aRebuildWhileCommandsGoOnAppliesEveryEventOnce() throws Exception {
        List<String> escrows = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            escrows.add(Seed.fundedEscrow(integrator));
        }
        Thread commands = new Thread(() -> escrows.forEach(escrow -> {
            integrator.post("/v1/escrows/" + escrow + "/deliverable", Seed.deliverable("ms_design"));
            integrator.post("/v1/escrows/" + escrow + "/release", "{\"milestone_id\": \"ms_design\"}");
        }));

        assertThat(new Admin(api).post("/admin/v1/analytics/rebuild", null, ADMIN_TOKEN).status()).isEqualTo(202);
        commands.start();
        commands.join();
        await().atMost(Patience.BACKGROUND).until(() -> replayDone());

        for (String escrow : escrows) {
            Map<String, Object> row = jdbc.sql("SELECT last_event_sequence, released_amount, held_amount "
                                               + "FROM analytics.escrows WHERE escrow_id = ?")
                                          .param(escrow).query().singleRow();
            assertThat(row).as(escrow)
                           .containsEntry("last_event_sequence", jdbc.sql("SELECT max(sequence_number) FROM "
                                   + "domain_event_entry WHERE aggregate_identifier = ?").param(escrow)
                                                                     .query(Long.class).single())
                           .containsEntry("released_amount", 20_000L)
                           .containsEntry("held_amount", 30_000L);
        }
    }

    private boolean replayDone() {
        return replay.remaining() == 0;
    }

    @Test
    void theDashboardsDataNeedsTheAnalystOrAdminToken() {
        assertThat(dashboard("/dashboard/api/summary", null).status()).isEqualTo(401);
        assertThat(dashboard("/dashboard/api/summary", "wrong").json().get("code").asString())
                .isEqualTo("invalid_dashboard_token");
        assertThat(dashboard("/dashboard/api/summary", API_SECRET).status()).isEqualTo(401);
        assertThat(dashboard("/dashboard/api/summary", ANALYST_TOKEN).status()).isEqualTo(200);
        assertThat(dashboard("/dashboard/api/summary", ADMIN_TOKEN).status()).isEqualTo(200);
        // The analyst token opens the dashboard's data and nothing else.
        assertThat(dashboard("/admin/v1/ledger/check", ANALYST_TOKEN).status()).isEqualTo(401);

        JsonNode timeline = dashboard("/dashboard/api/escrows/" + disputed + "/timeline", ANALYST_TOKEN).json();
        assertThat(timeline.findValuesAsString("type")).startsWith("EscrowCreatedEvent", "FundsHeldEvent")
                .contains("DisputeResolvedEvent");
        assertThat(dashboard("/dashboard/api/escrows/esc_nope/timeline", ANALYST_TOKEN).status()).isEqualTo(404);
    }

    @Test
    void theQuestionsOfTheAnalyticsGuideRunAsTheAnalystRole() throws Exception {
        String guide = Files.readString(Path.of("..", "docs", "analytics.md"));
        String questions = guide.substring(guide.indexOf("## Eleven questions"), guide.indexOf("## Over the API"));
        List<String> queries = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(questions).results()
                                      .map(match -> match.group(1).replace("'int_…'", "'int_none'")).toList();
        assertThat(queries).hasSize(11);
        TransactionTemplate asAnalyst = new TransactionTemplate(transactions);
        for (String query : queries) {
            List<Map<String, Object>> rows = asAnalyst.execute(status -> {
                jdbc.sql("SET LOCAL ROLE escrow_analyst").update();
                return jdbc.sql(query).query().listOfRows();
            });
            assertThat(rows).as(query).isNotNull();
        }
    }

    private JsonNode summary(String query) {
        return integrator.get("/v1/analytics/summary" + query).json();
    }

    private ApiClient.Response dashboard(String path, String token) {
        var request = api.request(path);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return api.send(request);
    }

    /**
     * This test's integrator's rows of every analytics table. Other tests tamper with the event store on purpose
     * (AuditIntegrationTest), so a replay of theirs may rightly give other rows than they had.
     */
    private List<Map<String, Object>> analyticsRows() {
        String integratorId = jdbc.sql("SELECT integrator_id FROM escrows WHERE escrow_id = ?").param(disputed)
                                  .query(String.class).single();
        return List.of("escrows", "milestones", "disputes").stream()
                   .flatMap(table -> jdbc.sql("SELECT * FROM analytics." + table + " WHERE integrator_id = ? "
                                              + "ORDER BY 1, 2").param(integratorId).query().listOfRows().stream())
                   .toList();
    }
}
