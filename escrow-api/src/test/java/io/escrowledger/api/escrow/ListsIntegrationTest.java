package io.escrowledger.api.escrow;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Patience;
import io.escrowledger.api.support.Seed;
import io.escrowledger.api.support.TestReceiver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Metadata on escrows, milestones, disputes and vaults, and the lists that filter on it (docs/api.md, "Metadata" and
 * "Lists"), over HTTP. Each test is a new integrator, so its lists hold its own objects only.
 */
class ListsIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ApiClient integrator;

    @BeforeEach
    void newIntegrator() {
        integrator = new Admin(api).newIntegrator("Lists " + System.nanoTime());
    }

    private String escrowWith(String currency, String metadata) {
        String body = Seed.createEscrow(Seed.uniqueExternalId()).replace("\"USD\"", "\"" + currency + "\"")
                          .replace("\"milestones\"", "\"metadata\": " + metadata + ", \"milestones\"");
        ApiClient.Response created = integrator.post("/v1/escrows", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private List<String> ids(String query) {
        ApiClient.Response page = integrator.get("/v1/escrows" + (query.isEmpty() ? "" : "?" + query));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().get("data").forEach(escrow -> ids.add(escrow.get("id").asString()));
        return ids;
    }

    private static void assertRefused(ApiClient.Response response, int status, String code, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("code").asString()).isEqualTo(code);
        if (field != null) {
            assertThat(response.body()).contains("\"" + field + "\"");
        }
    }

    @Test
    void escrowAndMilestoneMetadataAreSetMergedAndRemoved() {
        String body = Seed.createEscrow(Seed.uniqueExternalId())
                          .replace("\"milestones\"", "\"metadata\": {\"order_id\": \"ord_1\", \"channel\": \"web\"}, "
                                                     + "\"milestones\"")
                          .replace("\"amount\": 20000,", "\"amount\": 20000, \"metadata\": {\"sku\": \"D-1\"},");
        JsonNode created = integrator.post("/v1/escrows", body).json();
        String id = created.get("id").asString();
        assertThat(created.at("/metadata/order_id").asString()).isEqualTo("ord_1");
        assertThat(created.at("/milestones/0/metadata/sku").asString()).isEqualTo("D-1");
        assertThat(created.at("/milestones/1/metadata").isEmpty()).isTrue();

        ApiClient.Response updated = integrator.post("/v1/escrows/" + id + "/metadata",
                "{\"metadata\": {\"channel\": \"\", \"region\": \"eu\"}, "
                + "\"milestones\": {\"ms_development\": {\"sku\": \"DEV-1\"}}}");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(JSON.convertValue(updated.json().get("metadata"), java.util.Map.class))
                .isEqualTo(java.util.Map.of("order_id", "ord_1", "region", "eu"));
        assertThat(updated.json().at("/milestones/0/metadata/sku").asString()).isEqualTo("D-1");
        assertThat(updated.json().at("/milestones/1/metadata/sku").asString()).isEqualTo("DEV-1");
        long events = storedEvents(id);
        integrator.post("/v1/escrows/" + id + "/metadata", "{\"metadata\": {\"region\": \"eu\"}}");
        assertThat(storedEvents(id)).as("a change that changes nothing records nothing").isEqualTo(events);

        assertRefused(integrator.post("/v1/escrows/" + id + "/metadata",
                "{\"milestones\": {\"ms_unknown\": {\"a\": \"b\"}}}"), 404, "milestone_not_found", null);
        assertRefused(integrator.post("/v1/escrows/" + id + "/metadata", "{\"metadata\": {\"bad key\": \"x\"}}"),
                422, "validation_failed", "metadata.bad key");
        assertRefused(integrator.post("/v1/escrows/" + id + "/metadata",
                "{\"metadata\": {\"k\": \"" + "v".repeat(501) + "\"}}"), 422, "validation_failed", "metadata.k");
        assertRefused(integrator.post("/v1/escrows/" + id + "/metadata", "{\"metadata\": {\"k\": null}}"),
                422, "validation_failed", "metadata.k");
        String fortyNine = IntStream.range(0, 49).mapToObj(i -> "\"k" + i + "\": \"v\"")
                                    .collect(Collectors.joining(", ", "{\"metadata\": {", "}}"));
        assertRefused(integrator.post("/v1/escrows/" + id + "/metadata", fortyNine), 422, "validation_failed",
                "metadata");
        assertThat(storedEvents(id)).isEqualTo(events);
        assertRefused(integrator.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())
                .replace("\"amount\": 20000,", "\"amount\": 20000, \"metadata\": {\"" + "k".repeat(41) + "\": \"v\"},")),
                422, "validation_failed", "milestones[0].metadata." + "k".repeat(41));
        assertRefused(new Admin(api).newIntegrator("Other " + System.nanoTime())
                .post("/v1/escrows/" + id + "/metadata", "{\"metadata\": {\"a\": \"b\"}}"), 404, "escrow_not_found",
                null);
    }

    @Test
    void disputeAndVaultMetadataAreSetAndMerged() {
        String escrow = Seed.fundedEscrow(integrator);
        JsonNode dispute = integrator.post("/v1/escrows/" + escrow + "/dispute", Seed.openDispute("QUALITY_ISSUE")
                .replace("}}", "}, \"metadata\": {\"ticket\": \"SUP-1\"}}")).json();
        assertThat(dispute.at("/metadata/ticket").asString()).isEqualTo("SUP-1");
        JsonNode updated = integrator.post("/v1/disputes/" + dispute.get("id").asString() + "/metadata",
                "{\"metadata\": {\"ticket\": \"\", \"agent\": \"ana\"}}").json();
        assertThat(updated.get("metadata").propertyNames()).containsExactly("agent");
        assertRefused(integrator.post("/v1/disputes/" + dispute.get("id").asString() + "/metadata", "{}"),
                422, "validation_failed", "metadata");

        JsonNode vault = integrator.post("/v1/vaults", "{\"currency\": \"USD\", \"metadata\": {\"cc\": \"42\"}}")
                                   .json();
        assertThat(vault.at("/metadata/cc").asString()).isEqualTo("42");
        String vaultId = vault.get("id").asString();
        JsonNode changed = integrator.post("/v1/vaults/" + vaultId + "/metadata",
                "{\"metadata\": {\"region\": \"eu\"}}").json();
        assertThat(changed.at("/metadata/cc").asString()).isEqualTo("42");
        assertThat(changed.at("/metadata/region").asString()).isEqualTo("eu");
        assertThat(integrator.get("/v1/vaults/" + vaultId).json().at("/metadata/region").asString()).isEqualTo("eu");
        assertRefused(integrator.post("/v1/vaults/" + vaultId + "/metadata", "{\"metadata\": {\"a b\": \"x\"}}"),
                422, "validation_failed", "metadata.a b");
    }

    @Test
    void escrowsAreListedByEachFilter() {
        String vault = integrator.post("/v1/vaults", "{\"currency\": \"USDC\"}").json().get("id").asString();
        integrator.post("/v1/vaults/" + vault + "/deposits", "{\"amount\": 1000000000, \"reference\": \"dep_1\"}");
        String usd = escrowWith("USD", "{\"order_id\": \"o1\", \"channel\": \"web\"}");
        String eur = escrowWith("EUR", "{\"order_id\": \"o2\", \"channel\": \"web\"}");
        integrator.post("/v1/escrows/" + eur + "/payment-status", Seed.paymentStatus("pi_eur"));
        JsonNode funded = integrator.post("/v1/escrows", """
                {"external_id": "%s", "currency": "USDC", "total_amount": 500, "client_id": "cli_1",
                 "contractor_id": "ctr_1", "funding": {"vault_id": "%s"},
                 "milestones": [{"milestone_id": "all", "amount": 500}]}""".formatted(Seed.uniqueExternalId(),
                vault)).json();
        String usdc = funded.get("id").asString();

        assertThat(ids("")).containsExactly(usdc, eur, usd);
        assertThat(ids("metadata%5Bchannel%5D=web")).containsExactly(eur, usd);
        assertThat(ids("metadata%5Bchannel%5D=web&metadata%5Border_id%5D=o1")).containsExactly(usd);
        assertThat(ids("metadata%5Bchannel%5D=app")).isEmpty();
        ApiClient.Response unencoded = integrator.rawGet("/v1/escrows?metadata[order_id]=o2");
        assertThat(unencoded.status()).as("brackets may be sent as they are (curl -g)").isEqualTo(200);
        assertThat(unencoded.json().at("/data/0/id").asString()).isEqualTo(eur);
        assertThat(ids("currency=EUR")).containsExactly(eur);
        assertThat(ids("state=CREATED")).containsExactly(usd);
        assertThat(ids("state=CREATED,FUNDED")).containsExactly(usdc, eur, usd);
        assertThat(ids("state=CREATED,FUNDED&currency=USDC")).containsExactly(usdc);
        assertThat(ids("client_id=cli_1")).containsExactly(usdc);
        assertThat(ids("contractor_id=ctr_1")).containsExactly(usdc);
        assertThat(ids("contractor_id=ctr_2")).isEmpty();
        assertThat(ids("vault_id=" + vault)).containsExactly(usdc);
        String eurCreated = integrator.get("/v1/escrows/" + eur).json().get("created_at").asString();
        assertThat(ids("created%5Bgte%5D=" + eurCreated)).containsExactly(usdc, eur);
        assertThat(ids("created%5Blt%5D=" + eurCreated)).containsExactly(usd);
        assertThat(ids("created%5Bgte%5D=" + eurCreated + "&created%5Blt%5D=" + Instant.parse(eurCreated)
                .plusMillis(1))).containsExactly(eur);
        assertThat(api.get("/v1/escrows?metadata%5Bchannel%5D=web").json().get("data").toString())
                .as("another integrator's list").doesNotContain(usd).doesNotContain(eur);

        assertRefused(integrator.get("/v1/escrows?created%5Bgte%5D=yesterday"), 422, "validation_failed",
                "created[gte]");
        assertRefused(integrator.get("/v1/escrows?state=OPENED"), 400, "malformed_request", null);
        assertRefused(integrator.get("/v1/escrows?state=FUNDED,"), 400, "malformed_request", null);
        assertRefused(integrator.get("/v1/escrows?currency=XYZ"), 422, "validation_failed", "currency");
        assertRefused(integrator.get("/v1/escrows?metadata%5B" + "k".repeat(41) + "%5D=v"), 422, "validation_failed",
                "metadata[" + "k".repeat(41) + "]");
        assertRefused(integrator.get("/v1/escrows?statee=FUNDED"), 422, "validation_failed", "statee");
        assertRefused(integrator.get("/v1/escrows?state=FUNDED&state=CREATED"), 400, "malformed_request", null);
        assertRefused(integrator.get("/v1/escrows?vault_id=not-a-vault"), 422, "validation_failed", "vault_id");
    }

    @Test
    void aCursorBelongsToItsFilters() {
        escrowWith("USD", "{\"channel\": \"web\"}");
        escrowWith("USD", "{\"channel\": \"web\"}");
        String cursor = integrator.get("/v1/escrows?limit=1&metadata%5Bchannel%5D=web").json().get("next_cursor")
                                  .asString();
        assertThat(integrator.get("/v1/escrows?limit=1&metadata%5Bchannel%5D=web&cursor=" + cursor).status())
                .isEqualTo(200);
        assertRefused(integrator.get("/v1/escrows?limit=1&metadata%5Bchannel%5D=app&cursor=" + cursor), 422,
                "validation_failed", "cursor");
    }

    @Test
    void disputesAreListedByStateReasonDeadlineAndMetadata() {
        List<String> escrows = List.of(Seed.fundedEscrow(integrator), Seed.fundedEscrow(integrator),
                Seed.fundedEscrow(integrator));
        List<String> disputes = new ArrayList<>();
        for (int i = 0; i < escrows.size(); i++) {
            String reason = i == 1 ? "NOT_DELIVERED" : "QUALITY_ISSUE";
            disputes.add(integrator.post("/v1/escrows/" + escrows.get(i) + "/dispute", Seed.openDispute(reason)
                    .replace("}}", "}, \"metadata\": {\"ticket\": \"T" + i + "\"}}")).json().get("id").asString());
        }
        integrator.post("/v1/disputes/" + disputes.get(0) + "/lock", null);
        String dueBy = integrator.get("/v1/disputes/" + disputes.get(2)).json().get("evidence_due_by").asString();

        assertThat(disputeIds("")).containsExactly(disputes.get(2), disputes.get(1), disputes.get(0));
        assertThat(disputeIds("state=OPEN")).containsExactly(disputes.get(2), disputes.get(1));
        assertThat(disputeIds("state=OPEN,EVIDENCE_LOCKED&reason=QUALITY_ISSUE"))
                .containsExactly(disputes.get(2), disputes.get(0));
        assertThat(disputeIds("reason=NOT_DELIVERED")).containsExactly(disputes.get(1));
        assertThat(disputeIds("due_before=" + dueBy)).containsExactly(disputes.get(1), disputes.get(0));
        assertThat(disputeIds("due_before=2000-01-01T00:00:00Z")).isEmpty();
        assertThat(disputeIds("escrow_id=" + escrows.get(1))).containsExactly(disputes.get(1));
        assertThat(disputeIds("metadata%5Bticket%5D=T2")).containsExactly(disputes.get(2));
        JsonNode first = integrator.get("/v1/disputes?limit=2").json();
        assertThat(first.get("has_more").asBoolean()).isTrue();
        JsonNode second = integrator.get("/v1/disputes?limit=2&cursor=" + first.get("next_cursor").asString()).json();
        assertThat(second.at("/data/0/id").asString()).isEqualTo(disputes.get(0));
        assertThat(second.get("has_more").asBoolean()).isFalse();
        assertThat(api.get("/v1/disputes?metadata%5Bticket%5D=T2").json().get("data").toString())
                .as("another integrator's list").doesNotContain(disputes.get(2));

        assertRefused(integrator.get("/v1/disputes?reason=BORED"), 400, "malformed_request", null);
        assertRefused(integrator.get("/v1/disputes?due_before=soon"), 422, "validation_failed", "due_before");
        assertRefused(integrator.get("/v1/disputes?escrow_id=nope"), 422, "validation_failed", "escrow_id");
        assertRefused(integrator.get("/v1/disputes?currency=USD"), 422, "validation_failed", "currency");
    }

    private List<String> disputeIds(String query) {
        ApiClient.Response page = integrator.get("/v1/disputes" + (query.isEmpty() ? "" : "?" + query));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().get("data").forEach(dispute -> ids.add(dispute.get("id").asString()));
        return ids;
    }

    @Test
    void webhooksCarryMetadata() throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            integrator.post("/v1/webhook-endpoints", "{\"url\": \"" + receiver.url() + "\", \"event_types\": "
                    + "[\"ESCROW_CREATED\", \"ESCROW_METADATA_UPDATED\", \"DISPUTE_OPENED\", "
                    + "\"DISPUTE_METADATA_UPDATED\"]}");
            String escrow = escrowWith("USD", "{\"order_id\": \"o1\"}");
            integrator.post("/v1/escrows/" + escrow + "/metadata",
                    "{\"metadata\": {\"order_id\": \"o2\"}, \"milestones\": {\"ms_design\": {\"sku\": \"D\"}}}");
            integrator.post("/v1/escrows/" + escrow + "/payment-status", Seed.paymentStatus("pi_w"));
            String dispute = integrator.post("/v1/escrows/" + escrow + "/dispute", Seed.openDispute("QUALITY_ISSUE")
                    .replace("}}", "}, \"metadata\": {\"ticket\": \"T1\"}}")).json().get("id").asString();
            integrator.post("/v1/disputes/" + dispute + "/metadata", "{\"metadata\": {\"ticket\": \"T2\"}}");

            await().atMost(Patience.BACKGROUND).until(() -> receiver.accepted().size() >= 4);
            List<JsonNode> bodies = receiver.accepted().stream().map(m -> JSON.readTree(m.body())).toList();
            assertThat(bodies).extracting(b -> b.get("type").asString()).containsExactly("ESCROW_CREATED",
                    "ESCROW_METADATA_UPDATED", "DISPUTE_OPENED", "DISPUTE_METADATA_UPDATED");
            assertThat(bodies.get(0).at("/data/metadata/order_id").asString()).isEqualTo("o1");
            assertThat(bodies.get(1).at("/data/metadata/order_id").asString()).isEqualTo("o2");
            assertThat(bodies.get(1).at("/data/milestones/0/milestone_id").asString()).isEqualTo("ms_design");
            assertThat(bodies.get(1).at("/data/milestones/0/metadata/sku").asString()).isEqualTo("D");
            assertThat(bodies.get(2).at("/data/metadata/ticket").asString()).isEqualTo("T1");
            assertThat(bodies.get(3).at("/data/metadata/ticket").asString()).isEqualTo("T2");
        }
    }

    /**
     * Several threads create escrows while another pages through the list with a small page: every escrow that existed
     * when paging began is seen exactly once, and no escrow twice.
     */
    @Test
    void pagingWhileEscrowsAreCreatedSeesEveryEarlierEscrowExactlyOnce() throws Exception {
        Set<String> before = new HashSet<>();
        for (int i = 0; i < 24; i++) {
            before.add(escrowWith("USD", "{\"batch\": \"before\"}"));
        }
        AtomicBoolean paging = new AtomicBoolean(true);
        List<String> createdMeanwhile = Collections.synchronizedList(new ArrayList<>());
        ExecutorService creators = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                running.add(creators.submit(() -> {
                    while (paging.get()) {
                        createdMeanwhile.add(escrowWith("USD", "{\"batch\": \"during\"}"));
                    }
                }));
            }
            // Paging starts once creation is under way, so that pages and inserts interleave.
            await().atMost(Patience.BACKGROUND).until(() -> createdMeanwhile.size() >= 3);
            List<String> seen = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = integrator.get("/v1/escrows?limit=3" + (cursor == null ? "" : "&cursor=" + cursor))
                                          .json();
                page.get("data").forEach(escrow -> seen.add(escrow.get("id").asString()));
                cursor = page.get("has_more").asBoolean() ? page.get("next_cursor").asString() : null;
            } while (cursor != null);
            paging.set(false);
            for (Future<?> creator : running) {
                creator.get();
            }

            assertThat(createdMeanwhile).as("escrows created while paging").isNotEmpty();
            assertThat(seen).as("no escrow twice").doesNotHaveDuplicates();
            assertThat(seen).as("every escrow that existed before paging").containsAll(before);
            assertThat(new HashSet<>(seen)).as("nothing but this integrator's escrows")
                    .isSubsetOf(union(before, createdMeanwhile));
        } finally {
            paging.set(false);
            creators.shutdownNow();
        }
    }

    private static Set<String> union(Set<String> a, List<String> b) {
        Set<String> all = new HashSet<>(a);
        synchronized (b) {
            all.addAll(b);
        }
        return all;
    }
}
