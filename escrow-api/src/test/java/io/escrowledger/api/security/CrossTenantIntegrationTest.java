package io.escrowledger.api.security;

import io.escrowledger.api.hostile.HostileCorpus;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.ApiOperations;
import io.escrowledger.api.support.ApiOperations.Operation;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.OpenApiDocument;
import io.escrowledger.api.support.Seed;
import io.escrowledger.api.support.Tenant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each integrator reaches its own resources only. Another integrator's id, in any path of the document or in a body,
 * is answered exactly as an id that does not exist (never 403, never a hint that it exists) and changes nothing, for
 * either of them. IntegratorsAndTenancyIntegrationTest covers escrows by hand; this walks every operation.
 */
class CrossTenantIntegrationTest extends IntegrationTest {

    private static final String UUID_PART = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void anotherIntegratorsIdsInAnyPathAreAnsweredLikeIdsThatDoNotExist() {
        ApiOperations document = new ApiOperations(OpenApiDocument.of("http://127.0.0.1:" + port()).json());
        Tenant mine = Tenant.create(api, "Tenancy: mine");
        Tenant theirs = Tenant.create(api, "Tenancy: theirs");
        HostileCorpus bodies = new HostileCorpus(document, mine.pathIds(),
                Map.of("escrow_id", mine.id("escrowId"), "vault_id", mine.id("vaultId")));
        int checked = 0;
        for (Operation operation : document.operations(path -> path.startsWith("/v1/") || path.startsWith("/subcent/"))) {
            if (operation.in("path").isEmpty()) {
                continue;
            }
            // My valid body, so that only the id can make the difference.
            byte[] body = bodies.validBody(operation);
            String mineBefore = mine.stored(jdbc);
            String theirsBefore = theirs.stored(jdbc);

            ApiClient.Response foreign = send(mine, operation, path(operation, theirs::id), body);
            assertThat(theirs.stored(jdbc)).as(operation + " changed the other integrator's data").isEqualTo(theirsBefore);
            assertThat(mine.stored(jdbc)).as(operation + " changed mine").isEqualTo(mineBefore);
            ApiClient.Response unknown = send(mine, operation, path(operation, name -> unknown(theirs.id(name))), body);

            assertThat(foreign.status()).as(operation + ": " + foreign.body()).isEqualTo(unknown.status());
            if (foreign.status() / 100 == 2) {
                // Merchants are free-form names: an unknown one has a balance of nothing, and so has another's.
                assertThat(withoutIds(foreign.body())).as(operation.toString()).isEqualTo(withoutIds(unknown.body()));
            } else {
                assertThat(foreign.status()).as(operation.toString()).isEqualTo(404);
                assertThat(foreign.json().get("code")).as(operation.toString()).isEqualTo(unknown.json().get("code"));
            }
            checked++;
        }
        assertThat(checked).as("operations with path ids").isGreaterThan(25);
    }

    @Test
    void anotherIntegratorsIdsInBodiesAndQueriesAreNotFoundAndChangeNothing() {
        Tenant mine = Tenant.create(api, "Tenancy in bodies: mine");
        Tenant theirs = Tenant.create(api, "Tenancy in bodies: theirs");
        String theirVault = theirs.id("vaultId");
        JsonNode vaultBefore = theirs.client().get("/v1/vaults/" + theirVault).json();
        String mineBefore = mine.stored(jdbc);
        String theirsBefore = theirs.stored(jdbc);
        long messages = messages(mine);

        expectNotFound(mine.client().post("/v1/escrows", """
                {"external_id": "%s", "currency": "USDC", "total_amount": 1000,
                 "milestones": [{"milestone_id": "all", "amount": 1000}], "funding": {"vault_id": "%s"}}"""
                .formatted(Seed.uniqueExternalId(), theirVault)), "vault_not_found");
        expectNotFound(mine.client().post("/subcent/v1/escrows", """
                {"vault_id": "%s", "amount": "0.01", "condition_type": "delivery_confirmation"}""".formatted(theirVault)),
                "vault_not_found");
        expectNotFound(mine.client().get("/subcent/v1/escrows?vault_id=" + theirVault), "vault_not_found");
        expectNotFound(mine.client().post("/v1/webhook-endpoints/" + mine.id("endpointId") + "/replay",
                "{\"escrow_id\": \"" + theirs.id("escrowId") + "\"}"), "escrow_not_found");

        assertThat(mine.stored(jdbc)).isEqualTo(mineBefore);
        assertThat(theirs.stored(jdbc)).isEqualTo(theirsBefore);
        assertThat(theirs.client().get("/v1/vaults/" + theirVault).json()).isEqualTo(vaultBefore);
        assertThat(messages(mine)).as("messages replayed from another's escrow").isEqualTo(messages);
    }

    /** The operation's path with each path parameter filled by {@code ids}. */
    private static String path(Operation operation, UnaryOperator<String> ids) {
        String path = operation.path();
        for (ApiOperations.Parameter parameter : operation.in("path")) {
            path = path.replace("{" + parameter.name() + "}", ids.apply(parameter.name()));
        }
        return path;
    }

    /** An id of the same shape that nobody has. */
    private static String unknown(String id) {
        return id.replaceAll(UUID_PART, UUID.randomUUID().toString());
    }

    private static String withoutIds(String body) {
        return body.replaceAll(UUID_PART, "<id>");
    }

    private static ApiClient.Response send(Tenant caller, Operation operation, String path, byte[] body) {
        return caller.client().callBytes(operation.method(), path, body,
                body == null ? Map.of() : Map.of("Content-Type", "application/json"));
    }

    private long messages(Tenant tenant) {
        return jdbc.sql("SELECT count(*) FROM webhook_messages WHERE integrator_id = ?").param(tenant.integratorId())
                   .query(Long.class).single();
    }

    private static void expectNotFound(ApiClient.Response response, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(404);
        assertThat(response.json().get("code").asString()).isEqualTo(code);
    }
}
