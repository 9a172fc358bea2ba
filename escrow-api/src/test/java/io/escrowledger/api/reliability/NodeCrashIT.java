package io.escrowledger.api.reliability;

import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.NodeProcess;
import io.escrowledger.api.support.Patience;
import io.escrowledger.api.support.ServiceNodes;
import io.escrowledger.api.support.TestReceiver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes under continuous load; one is killed with SIGKILL, the load goes on to the two others, and the killed
 * node is started again. Every request answered 2xx must have its events stored, the read models agree with them,
 * every webhook arrives, and nothing is applied twice. Requests in flight
 * on the killed node may get no answer: their clients send them again with the same Idempotency-Key.
 * docs/reliability.md, "A node killed mid-load".
 */
class NodeCrashIT {

    private static final int CLIENTS = 4;
    private static final Duration LOAD_BEFORE_KILL = Duration.ofSeconds(6);
    private static final Duration LOAD_WHILE_DOWN = Duration.ofSeconds(6);
    private static final Duration LOAD_AFTER_RESTART = Duration.ofSeconds(4);
    /**
     * The killed node's claimed webhook batch comes back to the others when its lease (twelve attempt timeouts) runs
     * out: 36 s with this timeout, where the production default (10 s) would keep the test waiting two minutes.
     */
    private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(3);

    @Test
    void everyAcknowledgedRequestSurvivesANodeKilledMidLoad() throws Exception {
        Report report = new Report("sigkill-mid-load");
        Outcomes outcomes = new Outcomes();
        try (ServiceNodes cluster = new ServiceNodes("crash", 3,
                Map.of("escrow.webhooks.timeout", WEBHOOK_TIMEOUT.toMillis() + "ms"), index -> Map.of()); TestReceiver receiver = new TestReceiver()) {
            cluster.startAll();
            ClusterChecks checks = new ClusterChecks(cluster);
            ApiClient.Response endpoint = cluster.api(cluster.node(0)).post("/v1/webhook-endpoints",
                    "{\"url\": \"" + receiver.url() + "\"}");
            assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
            // A load balancer's view: the nodes whose readiness probe says UP (it notices a death at once here).
            Journeys load = new Journeys(cluster, outcomes,
                    () -> cluster.nodes().stream().filter(NodeProcess::isReady).toList());

            report.put("nodes", 3).put("client threads", CLIENTS)
                  .put("webhook attempt timeout / batch lease (s)", Report.seconds(WEBHOOK_TIMEOUT) + " / "
                                                                     + Report.seconds(WEBHOOK_TIMEOUT.multipliedBy(12)));
            load.start(CLIENTS);
            Concurrently.pause(LOAD_BEFORE_KILL);
            NodeProcess victim = cluster.node(0);
            report.put("killed (SIGKILL)", victim.name() + ", after " + outcomes.sent() + " requests");
            long acknowledgedAtKill = outcomes.acknowledged();
            victim.kill();
            Instant killed = Instant.now();
            Concurrently.pause(LOAD_WHILE_DOWN.minus(Duration.between(killed, Instant.now())));
            // However slow the machine, the other nodes acknowledge something before the killed one comes back.
            Instant giveUp = Instant.now().plus(Patience.BACKGROUND);
            while (outcomes.acknowledged() == acknowledgedAtKill && Instant.now().isBefore(giveUp)) {
                Concurrently.pause(Duration.ofMillis(100));
            }
            long acknowledgedWhileDown = outcomes.acknowledged() - acknowledgedAtKill;
            report.put("acknowledged by the other nodes while it was down", acknowledgedWhileDown);
            Instant restarting = Instant.now();
            victim.start();
            report.put("restart until ready (s)", Report.seconds(Duration.between(restarting, Instant.now())))
                  .put("down for (s)", Report.seconds(Duration.between(killed, Instant.now())));
            Concurrently.pause(LOAD_AFTER_RESTART);
            load.stop();
            Map<String, Long> failedUnderLoad = outcomes.failures();
            // The dead node's claims on keys died with its transactions: each retry runs, or replays what committed.
            Map<String, Integer> retried = load.retryUnanswered(cluster.node(0));
            report.put("requests sent under load", outcomes.sent())
                  .put("acknowledged (2xx)", outcomes.acknowledged())
                  .put("failed, by kind", failedUnderLoad)
                  .put("unanswered requests sent again (same Idempotency-Key)", retried);

            Journeys.Verdict verdict = load.verdict();
            report.put("escrows (journeys started / stored)", verdict.journeys() + " / " + verdict.escrowIds().size())
                  .put("lost (acknowledged, not stored)", verdict.lost())
                  .put("applied though unanswered (the retry then replays or refuses)", verdict.appliedUnanswered())
                  .put("applied twice", verdict.appliedTwice());
            List<String> mismatches = checks.readModelMismatches();
            Instant loadOver = Instant.now();
            ClusterChecks.Webhooks webhooks = checks.awaitWebhooks(receiver, verdict.escrowIds(),
                    Patience.BACKGROUND);
            report.put("webhooks: all delivered within (s) of the checks' start (one endpoint, sent in batches)",
                    Report.seconds(Duration.between(loadOver, Instant.now())));
            JsonNode chains = checks.chainVerification(cluster.node(2));
            report.put("escrows whose read models disagree with their events", mismatches.size())
                  .put("webhooks: events / delivered / missing", webhooks.expected() + " / " + webhooks.delivered()
                                                                + " / " + webhooks.missing())
                  .put("webhooks: duplicate deliveries (same webhook-id again)", webhooks.duplicateDeliveries())
                  .put("hash chains valid", chains.get("valid").asBoolean());

            assertThat(acknowledgedWhileDown).as("the load went on while the node was down").isPositive();
            assertThat(verdict.problems()).isEmpty();
            assertThat(verdict.lost()).isZero();
            assertThat(verdict.appliedTwice()).isZero();
            assertThat(retried.keySet()).as("answers to the retried unanswered requests")
                                        .allSatisfy(kind -> assertThat(kind).startsWith(Outcomes.ACKNOWLEDGED));
            assertThat(outcomes.anyServerError()).as("%s", outcomes.failures()).isFalse();
            // Every failure is an answer that never came, from the killed node; a live node refused nothing.
            assertThat(failedUnderLoad.keySet()).allMatch(kind -> kind.startsWith("no answer"));
            assertThat(mismatches).isEmpty();
            assertThat(webhooks.missingSample()).isEmpty();
            assertThat(webhooks.eventsUnderSeveralIds()).isZero();
            assertThat(chains.get("valid").asBoolean()).as(chains.toString()).isTrue();
        } finally {
            report.write();
        }
    }
}
