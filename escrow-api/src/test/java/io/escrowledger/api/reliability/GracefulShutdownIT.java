package io.escrowledger.api.reliability;

import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.NodeProcess;
import io.escrowledger.api.support.Patience;
import io.escrowledger.api.support.Seed;
import io.escrowledger.api.support.ServiceNodes;
import io.escrowledger.api.support.TestReceiver;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node stopped with SIGTERM, as an orchestrator stops it, while requests are in flight on it: those requests finish
 * with their normal answers (some are held open mid-body across the signal, so they surely were in flight), nothing it
 * accepted is cut, and it leaves no webhook claim behind: it finishes the batch it is sending and records it, so the
 * other node delivers everything else without waiting for a lease to run out and nothing arrives twice (there are no
 * processor segments to release any more: every processor runs in the command's transaction). docs/reliability.md,
 * "Graceful shutdown".
 */
class GracefulShutdownIT {

    private static final int CLIENTS = 4;
    private static final int HELD_OPEN = 3;

    @Test
    void aStoppedNodeFinishesWhatItStartedAndLeavesNoClaimBehind() throws Exception {
        Report report = new Report("graceful-shutdown");
        Outcomes outcomes = new Outcomes();
        try (ServiceNodes cluster = new ServiceNodes("graceful", 2); TestReceiver receiver = new TestReceiver()) {
            NodeProcess stopping = cluster.node(0);
            NodeProcess staying = cluster.node(1);
            stopping.start();
            staying.start();
            ClusterChecks checks = new ClusterChecks(cluster);
            ApiClient.Response endpoint = cluster.api(staying).post("/v1/webhook-endpoints",
                    "{\"url\": \"" + receiver.url() + "\"}");
            assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);

            // Every request to the node that will be stopped, until it is told to stop (readiness DOWN).
            Journeys load = new Journeys(cluster, outcomes,
                    () -> stopping.isReady() ? List.of(stopping) : List.of());
            load.start(CLIENTS);
            CountDownLatch halfSent = new CountDownLatch(HELD_OPEN);
            CountDownLatch finish = new CountDownLatch(1);
            List<String> heldOpenExternalIds = new ArrayList<>();
            List<CompletableFuture<ApiClient.Response>> heldOpen = new ArrayList<>();
            for (int i = 0; i < HELD_OPEN; i++) {
                String externalId = Seed.uniqueExternalId();
                heldOpenExternalIds.add(externalId);
                heldOpen.add(CompletableFuture.supplyAsync(() -> outcomes.send(() ->
                        createWithBodyHeldOpen(cluster.api(stopping), externalId, halfSent, finish))));
            }
            assertThat(halfSent.await(Patience.BACKGROUND.toMillis(), TimeUnit.MILLISECONDS))
                    .as("the held-open requests started").isTrue();
            Concurrently.pause(Duration.ofSeconds(2)); // the load is in full swing, the held-open requests wait

            report.put("nodes", 2).put("client threads on the stopped node", CLIENTS);
            Instant signalled = Instant.now();
            stopping.sendStop();
            // The held-open requests finish only once the shutdown has begun: the node no longer accepts connections.
            stopping.awaitConnectionsRefused(Patience.BACKGROUND);
            Duration refusing = Duration.between(signalled, Instant.now());
            finish.countDown();
            stopping.awaitExit(NodeProcess.STOP_TIMEOUT);
            report.put("SIGTERM to connections refused (s), when the held-open requests send the rest of their body",
                          Report.seconds(refusing))
                  .put("SIGTERM to exit (s)", Report.seconds(Duration.between(signalled, Instant.now())));
            load.stop();

            Map<String, Integer> heldOpenKinds = new TreeMap<>();
            heldOpen.stream().map(CompletableFuture::join).forEach(answer -> heldOpenKinds.merge(
                    answer == null ? "no answer" : Outcomes.kind(answer), 1, Integer::sum));
            List<String> heldOpenStored = cluster.jdbc().sql("SELECT escrow_id FROM escrows WHERE external_id = ANY(?)")
                                                 .param(heldOpenExternalIds.toArray(String[]::new))
                                                 .query(String.class).list();
            Journeys.Verdict verdict = load.verdict();
            long heldOpenLost = Math.max(0,
                    heldOpenKinds.getOrDefault(Outcomes.ACKNOWLEDGED, 0) - heldOpenStored.size());
            report.put("requests held open mid-body across SIGTERM: answers", heldOpenKinds)
                  .put("requests sent", outcomes.sent())
                  .put("acknowledged (2xx)", outcomes.acknowledged())
                  .put("failed, by kind", outcomes.failures())
                  .put("lost (acknowledged, not stored)", verdict.lost() + heldOpenLost)
                  .put("cut (applied, but no answer)", verdict.appliedUnanswered())
                  .put("applied twice", verdict.appliedTwice());
            List<String> mismatches = checks.readModelMismatches();
            ClusterChecks.Webhooks webhooks = checks.awaitWebhooks(receiver,
                    Stream.concat(verdict.escrowIds().stream(), heldOpenStored.stream()).toList(),
                    Patience.BACKGROUND);
            report.put("escrows whose read models disagree with their events", mismatches.size())
                  .put("webhooks: events / delivered / missing", webhooks.expected() + " / " + webhooks.delivered()
                                                                + " / " + webhooks.missing())
                  .put("webhooks: duplicate deliveries (same webhook-id again)", webhooks.duplicateDeliveries());

            assertThat(heldOpenKinds).isEqualTo(Map.of(Outcomes.ACKNOWLEDGED, HELD_OPEN));
            assertThat(heldOpenStored).hasSize(HELD_OPEN);
            assertThat(verdict.problems()).isEmpty();
            assertThat(verdict.appliedUnanswered()).as("requests cut after they were applied").isZero();
            // Requests either got their normal answer or were refused at the door once the node stopped listening.
            assertThat(outcomes.failures().keySet()).allMatch(kind -> kind.startsWith("no answer"));
            assertThat(mismatches).isEmpty();
            assertThat(webhooks.missingSample()).isEmpty();
            // A batch the stopped node had claimed and not recorded would be sent again once its lease ran out.
            assertThat(webhooks.duplicateDeliveries()).as("webhooks delivered twice").isZero();
        } finally {
            report.write();
        }
    }

    /** A creation whose body's first half is sent at once and the rest only once {@code finish} opens. */
    private static ApiClient.Response createWithBodyHeldOpen(ApiClient api, String externalId, CountDownLatch halfSent,
                                                            CountDownLatch finish) {
        return api.rawInHalves("POST", "/v1/escrows", Bodies.escrow(externalId, "").getBytes(StandardCharsets.UTF_8), () -> {
            halfSent.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
