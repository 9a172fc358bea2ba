package io.escrowledger.api.escrow;

import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Seed;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Conflicting commands sent at the same moment: exactly one wins, the others get 409, and the money adds up. */
class EscrowConcurrencyIntegrationTest extends IntegrationTest {

    private static final int CONTENDERS = 8;
    @Test
    void releaseAgainstRefundOnOneEscrowHasExactlyOneWinner() throws Exception {
        for (int round = 0; round < 5; round++) {
            String id = fundedEscrow();

            List<ApiClient.Response> responses = race(i -> api.post("/v1/escrows/" + id + (i % 2 == 0 ? "/release" : "/refund"), null));

            assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
            assertThat(responses).filteredOn(r -> r.status() == 409).hasSize(CONTENDERS - 1);
            JsonNode escrow = api.get("/v1/escrows/" + id).json();
            assertThat(escrow.get("state").asString()).isIn("RELEASED", "REFUNDED");
            assertThat(escrow.get("released_amount").asLong() + escrow.get("refunded_amount").asLong())
                    .isEqualTo(50000);
            assertThat(escrow.get("held_amount").asLong()).isZero();
            // created, funds held, two milestones moved, closed: nothing moved twice
            assertThat(storedEvents(id)).isEqualTo(5);
        }
    }

    @Test
    void sameExternalIdCreatedConcurrentlyMakesOneEscrow() throws Exception {
        String externalId = Seed.uniqueExternalId();

        List<ApiClient.Response> responses = race(i -> api.post("/v1/escrows", Seed.createEscrow(externalId)));

        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 409)
                             .allSatisfy(r -> assertThat(r.json().get("code").asString()).isEqualTo("duplicate_external_id"))
                             .hasSize(CONTENDERS - 1);
        assertThat(api.get("/v1/escrows?external_id=" + externalId).json().get("data")).hasSize(1);
    }

    private interface Request {
        ApiClient.Response send(int contender);
    }

    /** Starts every contender at once and collects every answer. */
    private static List<ApiClient.Response> race(Request request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONTENDERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ApiClient.Response>> futures = new ArrayList<>();
            for (int i = 0; i < CONTENDERS; i++) {
                int contender = i;
                Callable<ApiClient.Response> call = () -> {
                    start.await();
                    return request.send(contender);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<ApiClient.Response> responses = new ArrayList<>();
            for (Future<ApiClient.Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private String fundedEscrow() {
        String id = api.post("/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId())).json().get("id").asString();
        api.post("/v1/escrows/" + id + "/payment-status", Seed.paymentStatus("pi_race"));
        return id;
    }
}
