package io.escrowledger.api.idempotency;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Seed;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** A retried POST with the same Idempotency-Key never does anything twice. */
class IdempotencyIntegrationTest extends IntegrationTest {

    @Test
    void retryReturnsTheFirstResponseAndStoresNoNewEvent() {
        String key = UUID.randomUUID().toString();
        String body = Seed.createEscrow(Seed.uniqueExternalId());

        ApiClient.Response first = post("/v1/escrows", body, key);
        long events = allStoredEvents();
        ApiClient.Response retry = post("/v1/escrows", body, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.header("Content-Type")).isEqualTo(first.header("Content-Type"));
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(allStoredEvents()).isEqualTo(events);
    }

    @Test
    void refusalsAreReplayedToo() {
        String id = api.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).json().get("id").asString();
        String key = UUID.randomUUID().toString();

        ApiClient.Response first = post("/v1/escrows/" + id + "/release", null, key);
        api.post("/v1/escrows/" + id + "/payment-status", Seed.paymentStatus("pi_after"));
        ApiClient.Response retry = post("/v1/escrows/" + id + "/release", null, key);

        assertThat(first.status()).isEqualTo(409);
        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(api.get("/v1/escrows/" + id).json().get("state").asString()).isEqualTo("FUNDED");
    }

    @Test
    void aRefusedCommandLeavesNothingOfItsOwnBehindThoughItsAnswerIsStored() {
        String emptyVault = api.post("/v1/vaults", "{\"currency\": \"USDC\"}").json().get("id").asString();
        String externalId = Seed.uniqueExternalId();
        String fundedFromTheVault = """
                {"external_id": "%s", "currency": "USDC", "total_amount": 1000,
                 "milestones": [{"milestone_id": "all", "amount": 1000}],
                 "funding": {"vault_id": "%s"}, "contractor_id": "mrc_1"}""".formatted(externalId, emptyVault);
        String key = UUID.randomUUID().toString();

        ApiClient.Response refused = post("/v1/escrows", fundedFromTheVault, key);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("code").asString()).isEqualTo("insufficient_balance");
        // The command had claimed the external id before the vault refused: the claim went with the refusal.
        assertThat(api.post("/v1/escrows", Seed.createEscrow(externalId)).status()).isEqualTo(201);
        ApiClient.Response replayed = post("/v1/escrows", fundedFromTheVault, key);
        assertThat(replayed.status()).isEqualTo(409);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void sameKeyWithAnotherRequestIsRefused() {
        String key = UUID.randomUUID().toString();
        post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId()), key);
        long events = allStoredEvents();

        ApiClient.Response reused = post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId()), key);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("code").asString()).isEqualTo("idempotency_key_reused");
        assertThat(allStoredEvents()).isEqualTo(events);
    }

    @Test
    void keysBelongToOneIntegrator() {
        ApiClient other = new Admin(api).newIntegrator("Idempotency neighbour");
        String key = UUID.randomUUID().toString();

        assertThat(post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId()), key).status()).isEqualTo(201);
        ApiClient.Response theirs = other.call("POST", "/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId()),
                Map.of("Idempotency-Key", key));
        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void concurrentIdenticalRequestsStoreOneEscrow() throws Exception {
        String key = UUID.randomUUID().toString();
        String externalId = Seed.uniqueExternalId();
        String body = Seed.createEscrow(externalId);
        int contenders = 6;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        List<ApiClient.Response> responses = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ApiClient.Response>> futures = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return post("/v1/escrows", body, key);
                }));
            }
            start.countDown();
            for (Future<ApiClient.Response> future : futures) {
                responses.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isIn(201, 409));
        assertThat(responses).filteredOn(r -> r.status() == 201 && r.header("Idempotent-Replayed") == null).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 409)
                             .allSatisfy(r -> assertThat(r.json().get("code").asString()).isEqualTo("request_in_progress"));
        assertThat(api.get("/v1/escrows?external_id=" + externalId).json().get("data")).hasSize(1);
    }

    @Test
    void storedAnswersAreEncryptedSoASecretInThemIsNotKeptInClear() {
        String key = UUID.randomUUID().toString();
        ApiClient.Response created = post("/v1/webhook-endpoints", "{\"url\": \"https://93.184.216.34/hooks\"}", key);
        String secret = created.json().get("secret").asString();

        byte[] stored = jdbc.sql("SELECT response_body FROM idempotency_records WHERE idempotency_key = ?")
                            .param(key).query(byte[].class).single();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.US_ASCII)).startsWith("v1:").doesNotContain(secret);
        assertThat(post("/v1/webhook-endpoints", "{\"url\": \"https://93.184.216.34/hooks\"}", key).body())
                .isEqualTo(created.body());
    }

    @Test
    void malformedKeysAreRefused() {
        ApiClient.Response response = post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId()), "x".repeat(256));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("code").asString()).isEqualTo("validation_failed");
    }

    private ApiClient.Response post(String path, String body, String idempotencyKey) {
        return api.call("POST", path, body, Map.of("Idempotency-Key", idempotencyKey));
    }
}
