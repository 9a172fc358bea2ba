package io.escrowledger.api.security;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Seed;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Operators create integrators and keys; each integrator sees and changes only its own escrows. */
class IntegratorsAndTenancyIntegrationTest extends IntegrationTest {

    @Autowired
    private ApiKeyStore keys;

    private Admin admin() {
        return new Admin(api);
    }

    @Test
    void operatorCreatesAnIntegratorWhoseKeyWorksAtOnce() {
        ApiClient.Response created = admin().post("/admin/v1/integrators", "{\"name\": \"Acme Marketplace\"}", ADMIN_TOKEN);

        assertThat(created.status()).isEqualTo(201);
        JsonNode integrator = created.json();
        assertThat(integrator.get("id").asString()).startsWith("int_");
        assertThat(integrator.get("name").asString()).isEqualTo("Acme Marketplace");
        assertThat(integrator.get("api_key").asString()).startsWith("ak_");
        assertThat(integrator.get("api_secret").asString()).startsWith("sk_").hasSizeGreaterThanOrEqualTo(3 + 43);

        ApiClient acme = api.as(integrator.get("api_key").asString(), integrator.get("api_secret").asString());
        assertThat(acme.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).status()).isEqualTo(201);
    }

    @Test
    void secretsAreStoredEncryptedOnly() {
        JsonNode integrator = admin().post("/admin/v1/integrators", "{\"name\": \"Vault check\"}", ADMIN_TOKEN).json();
        String secret = integrator.get("api_secret").asString();

        String stored = jdbc.sql("SELECT secret_ciphertext FROM api_key_secrets WHERE api_key = ?")
                            .param(integrator.get("api_key").asString()).query(String.class).single();

        assertThat(stored).startsWith("v1:").doesNotContain(secret).doesNotContain(secret.substring(3, 20));
    }

    @Test
    void anotherIntegratorsEscrowIsNotFoundForReadsAndWritesAndChangesNothing() {
        ApiClient other = admin().newIntegrator("Other marketplace");
        String externalId = Seed.uniqueExternalId();
        String mine = api.post("/v1/escrows", Seed.createEscrow(externalId)).json().get("id").asString();
        api.post("/v1/escrows/" + mine + "/payment-status", Seed.paymentStatus("pi_mine"));
        long events = storedEvents(mine);

        assertThat(other.get("/v1/escrows/" + mine).json().get("code").asString()).isEqualTo("escrow_not_found");
        ApiClient.Response release = other.post("/v1/escrows/" + mine + "/release", null);
        assertThat(release.status()).isEqualTo(404);
        assertThat(release.json().get("code").asString()).isEqualTo("escrow_not_found");
        assertThat(other.post("/v1/escrows/" + mine + "/deliverable", Seed.deliverable("ms_design")).status())
                .isEqualTo(404);
        assertThat(other.get("/v1/escrows?external_id=" + externalId).json().get("data")).isEmpty();
        assertThat(other.get("/v1/escrows?limit=200").json().get("data").valueStream()
                        .map(e -> e.get("id").asString())).doesNotContain(mine);

        assertThat(storedEvents(mine)).isEqualTo(events);
        assertThat(api.get("/v1/escrows/" + mine).json().get("state").asString()).isEqualTo("FUNDED");
    }

    @Test
    void externalIdsAreUniquePerIntegratorOnly() {
        ApiClient other = admin().newIntegrator("Same ids elsewhere");
        String externalId = Seed.uniqueExternalId();

        assertThat(api.post("/v1/escrows", Seed.createEscrow(externalId)).status()).isEqualTo(201);
        assertThat(other.post("/v1/escrows", Seed.createEscrow(externalId)).status()).isEqualTo(201);
        assertThat(api.post("/v1/escrows", Seed.createEscrow(externalId)).status()).isEqualTo(409);
    }

    @Test
    void aSecondKeyWorksAndARevokedKeyStopsAtOnce() {
        JsonNode integrator = admin().post("/admin/v1/integrators", "{\"name\": \"Two keys\"}", ADMIN_TOKEN).json();
        String id = integrator.get("id").asString();
        ApiClient first = api.as(integrator.get("api_key").asString(), integrator.get("api_secret").asString());

        JsonNode second = admin().post("/admin/v1/integrators/" + id + "/keys", null, ADMIN_TOKEN).json();
        ApiClient secondClient = api.as(second.get("api_key").asString(), second.get("api_secret").asString());
        String escrow = first.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).json().get("id").asString();
        assertThat(secondClient.get("/v1/escrows/" + escrow).status()).isEqualTo(200);

        assertThat(admin().delete("/admin/v1/integrators/" + id + "/keys/" + integrator.get("api_key").asString())
                          .status()).isEqualTo(204);
        assertThat(first.get("/v1/escrows").json().get("code").asString()).isEqualTo("invalid_api_key");
        assertThat(secondClient.get("/v1/escrows").status()).isEqualTo(200);
    }

    @Test
    void rotationKeepsTheOldSecretWorkingDuringTheOverlap() {
        JsonNode integrator = admin().post("/admin/v1/integrators", "{\"name\": \"Rotating\"}", ADMIN_TOKEN).json();
        String apiKey = integrator.get("api_key").asString();
        ApiClient oldSecret = api.as(apiKey, integrator.get("api_secret").asString());

        ApiClient.Response rotated = admin().post("/admin/v1/integrators/" + integrator.get("id").asString()
                                                  + "/keys/" + apiKey + "/rotate", null, ADMIN_TOKEN);
        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.json().get("api_secret").asString();
        assertThat(newSecret).isNotEqualTo(integrator.get("api_secret").asString());

        assertThat(api.as(apiKey, newSecret).get("/v1/escrows").status()).isEqualTo(200);
        assertThat(oldSecret.get("/v1/escrows").status()).isEqualTo(200);
        String overlapEnds = jdbc.sql("SELECT min(expires_at)::text FROM api_key_secrets WHERE api_key = ?")
                                 .param(apiKey).query(String.class).single();
        assertThat(overlapEnds).isNotNull();
    }

    @Test
    void aSecondRotationRetiresTheSecretBeforeTheLastAtOnce() {
        JsonNode integrator = admin().post("/admin/v1/integrators", "{\"name\": \"Rotating thrice\"}", ADMIN_TOKEN)
                                     .json();
        String apiKey = integrator.get("api_key").asString();
        String rotate = "/admin/v1/integrators/" + integrator.get("id").asString() + "/keys/" + apiKey + "/rotate";
        List<String> secrets = new ArrayList<>(List.of(integrator.get("api_secret").asString()));
        for (int rotation = 0; rotation < 3; rotation++) {
            secrets.add(admin().post(rotate, null, ADMIN_TOKEN).json().get("api_secret").asString());
        }

        // The newest secret and the one it replaced sign; the two before them were retired by the next rotation.
        for (int i = 0; i < secrets.size(); i++) {
            ApiClient.Response response = api.as(apiKey, secrets.get(i)).get("/v1/escrows");
            if (i >= secrets.size() - 2) {
                assertThat(response.status()).as("secret %d", i).isEqualTo(200);
            } else {
                assertThat(response.status()).as("secret %d", i).isEqualTo(401);
                assertThat(response.json().get("code").asString()).isEqualTo("invalid_signature");
            }
        }
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        for (String scheme : List.of("Bearer", "bearer", "BEARER", "bEaReR")) {
            assertThat(createIntegratorWith(scheme + " " + ADMIN_TOKEN).status()).as(scheme).isEqualTo(201);
        }
        for (String wrong : List.of("Basic " + ADMIN_TOKEN, "Bearer" + ADMIN_TOKEN, ADMIN_TOKEN, "Bearer wrong")) {
            assertThat(createIntegratorWith(wrong).json().get("code").asString()).as(wrong)
                    .isEqualTo("invalid_admin_token");
        }
    }

    private ApiClient.Response createIntegratorWith(String authorization) {
        return api.send(api.request("/admin/v1/integrators").header("Content-Type", "application/json")
                           .header("Authorization", authorization)
                           .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Any scheme\"}")));
    }

    @Test
    void adminRoutesRefuseIntegratorKeysAndWrongTokens() {
        assertThat(admin().post("/admin/v1/integrators", "{\"name\": \"x\"}", null).json().get("code").asString())
                .isEqualTo("invalid_admin_token");
        assertThat(admin().post("/admin/v1/integrators", "{\"name\": \"x\"}", "wrong").status()).isEqualTo(401);
        assertThat(api.post("/admin/v1/integrators", "{\"name\": \"x\"}").status()).isEqualTo(401);
        assertThat(admin().post("/admin/v1/integrators", "{\"name\": \"\"}", ADMIN_TOKEN).json().get("code").asString())
                .isEqualTo("validation_failed");
        assertThat(admin().post("/admin/v1/integrators/int_nope/keys", null, ADMIN_TOKEN).json().get("code").asString())
                .isEqualTo("integrator_not_found");
    }

    @Test
    void disguisedPathsCannotSlipPastTheAdminOrSigningFilters() {
        long integrators = jdbc.sql("SELECT count(*) FROM integrators").query(Long.class).single();
        for (String path : List.of("/admin;x=1/v1/integrators", "/%61dmin/v1/integrators", "/v1/../admin/v1/integrators",
                "//admin/v1/integrators", "/admin/./v1/integrators")) {
            ApiClient.Response response = api.send(api.request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"intruder\"}")));
            assertThat(response.status()).as(path).isIn(400, 401, 404);
            assertThat(response.header("Content-Type")).as(path).startsWith("application/problem+json");
        }
        for (String path : List.of("/v1;x/escrows", "/v1/escrows;x", "/%761/escrows")) {
            assertThat(api.send(api.request(path)).status()).as(path).isIn(400, 401);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM integrators").query(Long.class).single()).isEqualTo(integrators);
    }

    @Test
    void bootstrapKeyIsEnsuredIdempotently() {
        keys.ensureKey(API_KEY, API_SECRET, "Bootstrap integrator");
        keys.ensureKey(API_KEY, API_SECRET, "Bootstrap integrator");

        assertThat(jdbc.sql("SELECT count(*) FROM api_keys WHERE api_key = ?").param(API_KEY).query(Long.class).single())
                .isEqualTo(1);
        assertThat(keys.findActive(API_KEY).orElseThrow().secrets()).containsExactly(API_SECRET);
        assertThat(api.get("/v1/escrows").status()).isEqualTo(200);
    }

    /** Several nodes started together each ensure the bootstrap key: one creates it, the others find it. */
    @Test
    void nodesStartingTogetherEnsureTheBootstrapKeyOnce() throws Exception {
        String apiKey = "ak_together_" + UUID.randomUUID();
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> starts = new ArrayList<>();
            for (int node = 0; node < 4; node++) {
                starts.add(nodes.submit(() -> {
                    start.await();
                    keys.ensureKey(apiKey, "sk_together_secret", "Started together");
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> each : starts) {
                each.get(30, TimeUnit.SECONDS); // throws if that start failed
            }
        } finally {
            nodes.shutdownNow();
        }

        assertThat(jdbc.sql("SELECT count(*) FROM api_keys WHERE api_key = ?").param(apiKey).query(Long.class).single())
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM integrators WHERE name = 'Started together'").query(Long.class)
                       .single()).isEqualTo(1);
    }
}
