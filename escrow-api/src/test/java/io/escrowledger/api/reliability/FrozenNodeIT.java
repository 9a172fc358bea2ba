package io.escrowledger.api.reliability;

import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.NodeProcess;
import io.escrowledger.api.support.Patience;
import io.escrowledger.api.support.ServiceNodes;
import io.escrowledger.api.support.TestReceiver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes under load; one is frozen with SIGSTOP (a long garbage-collection pause, a suspended VM) while it sends a
 * webhook batch it claimed, for longer than the batch's lease, then woken with SIGCONT. The other node must take the
 * batch over once the lease has run out, and the woken node must send nothing more of it: a receiver then gets a
 * message twice only if it was in the frozen node's batch (the at-least-once docs/webhooks.md allows, under the same
 * {@code webhook-id}), never an escrow's message after a later one, and never a message of the batch from the woken
 * node. Meanwhile nothing is lost or applied twice, and the money adds up. docs/reliability.md, "A frozen node".
 */
class FrozenNodeIT {

    private static final int CLIENTS = 4;
    /** A short attempt timeout, so that the lease (twelve timeouts) is 18 s and the freeze short. */
    private static final Duration WEBHOOK_TIMEOUT = Duration.ofMillis(1500);
    private static final int BACKLOG_REQUESTS = 60;
    private static final Duration BACKLOG_AT_MOST = Duration.ofSeconds(20);
    private static final Duration LOAD_AFTER_THAW = Duration.ofSeconds(3);
    private static final int FREEZE_TRIES = 3;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The frozen node, the messages of the batch it held (by the database, right after the freeze), the held one. */
    private record Freeze(NodeProcess node, Set<String> batch, String held, Instant at) {
    }

    @Test
    void aNodeFrozenPastItsLeaseHasItsBatchTakenOverAndSendsNothingOfItWhenItWakes() throws Exception {
        Report report = new Report("frozen-node");
        Outcomes outcomes = new Outcomes();
        Map<String, String> settings = Map.of(
                "escrow.webhooks.timeout", WEBHOOK_TIMEOUT.toMillis() + "ms",
                // A batch then holds more escrows than its node sends to at once: when it freezes, some have not
                // begun. (An attempt in flight at the freeze ends at its timeout when the node wakes, which holds back
                // the rest of its escrow; an escrow not yet begun is sent unless the node checks its lease.)
                "escrow.webhooks.concurrency", "2",
                // Retries at one pace, so that while the receiver is down every escrow's first message is retried
                // together and the first batch after it is back holds them all; enough of them (30 s) that the
                // outage dead-letters nothing.
                "escrow.webhooks.retry-schedule", String.join(",", Collections.nCopies(150, "200ms")));
        try (ServiceNodes cluster = new ServiceNodes("frozen", 2, settings, index -> Map.of());
             TestReceiver receiver = new TestReceiver()) {
            cluster.startAll();
            ClusterChecks checks = new ClusterChecks(cluster);
            receiver.identifySenders(port -> {
                NodeProcess sender = cluster.holderOf(port, receiver.port());
                return sender == null ? null : sender.name();
            });
            ApiClient.Response endpoint = cluster.api(cluster.node(0)).post("/v1/webhook-endpoints",
                    "{\"url\": \"" + receiver.url() + "\"}");
            assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);

            // The receiver is down for a while: each escrow's first message waits for its retry, the later ones queue
            // behind it, so the batches claimed once it is back are long, with several messages of each escrow.
            receiver.answer(() -> 503);
            Journeys load = new Journeys(cluster, outcomes,
                    () -> cluster.nodes().stream().filter(NodeProcess::isReady).toList());
            load.start(CLIENTS);
            // However slow the machine, a backlog of some twenty escrows (or what 20 s gave).
            Instant backlogUntil = Instant.now().plus(BACKLOG_AT_MOST);
            while (outcomes.acknowledged() < BACKLOG_REQUESTS && Instant.now().isBefore(backlogUntil)) {
                Concurrently.pause(Duration.ofMillis(100));
            }

            CountDownLatch release = new CountDownLatch(1);
            Freeze frozenAttempt = null;
            for (int tries = 1; frozenAttempt == null; tries++) {
                assertThat(tries).as("a node frozen while its batch's claim held").isLessThanOrEqualTo(FREEZE_TRIES);
                frozenAttempt = freezeTheSenderOfTheNextMessage(cluster, receiver, release);
            }
            Freeze freeze = frozenAttempt;
            NodeProcess frozen = freeze.node();
            NodeProcess other = cluster.nodes().stream().filter(node -> node != frozen).findFirst().orElseThrow();
            long acknowledgedAtFreeze = outcomes.acknowledged();
            report.put("nodes", 2).put("client threads", CLIENTS)
                  .put("webhook attempt timeout / batch lease (s)", Report.seconds(WEBHOOK_TIMEOUT) + " / "
                                                                    + Report.seconds(WEBHOOK_TIMEOUT.multipliedBy(12)))
                  .put("frozen (SIGSTOP)", frozen.name() + ", while it sent " + freeze.held() + " (held by the "
                                           + "receiver), after " + outcomes.sent() + " requests");

            // The other node takes the batch over once its lease has run out, and delivers all of it.
            awaitDelivered(cluster, freeze.batch());
            Duration takenOver = Duration.between(freeze.at(), firstDeliveryBy(receiver, freeze.held(), other));
            long acknowledgedWhileFrozen = outcomes.acknowledged() - acknowledgedAtFreeze;
            release.countDown(); // the frozen node's held attempt is answered now; it reads the answer when it wakes
            Instant thawed = Instant.now();
            frozen.thaw();
            Set<String> leftUnsent = new HashSet<>(freeze.batch());
            receiver.received().stream().filter(r -> frozen.name().equals(r.sender()) && r.at().isBefore(thawed))
                    .forEach(r -> leftUnsent.remove(r.header("webhook-id")));
            report.put("messages in its batch / not yet sent when it froze", freeze.batch().size() + " / "
                                                                              + leftUnsent.size())
                  .put("batch taken over by " + other.name() + " after (s)", Report.seconds(takenOver))
                  .put("frozen for (s)", Report.seconds(Duration.between(freeze.at(), thawed)))
                  .put("acknowledged by the other node while it was frozen", acknowledgedWhileFrozen);
            Concurrently.pause(LOAD_AFTER_THAW);
            load.stop();
            Map<String, Long> failedUnderLoad = outcomes.failures();
            Map<String, Integer> retried = load.retryUnanswered(other);
            report.put("requests sent", outcomes.sent()).put("acknowledged (2xx)", outcomes.acknowledged())
                  .put("failed, by kind", failedUnderLoad)
                  .put("unanswered requests sent again (same Idempotency-Key)", retried);

            Journeys.Verdict verdict = load.verdict();
            List<String> mismatches = checks.readModelMismatches();
            ClusterChecks.Webhooks webhooks = checks.awaitWebhooks(receiver, verdict.escrowIds(), Patience.BACKGROUND);
            List<TestReceiver.Received> accepted = receiver.accepted();
            Map<String, Long> deliveries = accepted.stream().collect(Collectors.groupingBy(
                    received -> received.header("webhook-id"), TreeMap::new, Collectors.counting()));
            Map<String, Long> duplicated = new TreeMap<>(deliveries);
            duplicated.values().removeIf(count -> count < 2);
            List<String> staleSends = receiver.received().stream()
                    .filter(received -> frozen.name().equals(received.sender()) && !received.at().isBefore(thawed)
                                        && freeze.batch().contains(received.header("webhook-id")))
                    .map(received -> received.header("webhook-id")).toList();
            List<String> outOfOrder = outOfOrder(accepted);
            // At least once (docs/webhooks.md): a message arrives again when the batch it was in was taken over, or
            // when its node saw an attempt fail that the receiver had in fact answered (a timeout, on a crawling
            // machine); never otherwise.
            Set<String> mayRepeat = new HashSet<>(freeze.batch());
            mayRepeat.addAll(cluster.jdbc().sql("""
                    SELECT DISTINCT message_id FROM webhook_attempts
                    WHERE message_id = ANY(?) AND status_code IS NULL""")
                    .param(duplicated.keySet().toArray(String[]::new)).query(String.class).list());
            JsonNode ledger = checks.ledgerCheck(other);
            JsonNode chains = checks.chainVerification(other);
            report.put("escrows (journeys started / stored)", verdict.journeys() + " / " + verdict.escrowIds().size())
                  .put("lost (acknowledged, not stored)", verdict.lost())
                  .put("applied twice", verdict.appliedTwice())
                  .put("escrows whose read models disagree with their events", mismatches.size())
                  .put("webhooks: events / delivered / missing", webhooks.expected() + " / " + webhooks.delivered()
                                                                + " / " + webhooks.missing())
                  .put("webhooks delivered twice (same webhook-id)", duplicated.size() + ", of which in the frozen "
                          + "batch " + duplicated.keySet().stream().filter(freeze.batch()::contains).count())
                  .put("messages of the frozen batch sent by the woken node", staleSends.size())
                  .put("escrows whose messages first arrived out of order", outOfOrder.size())
                  .put("ledger balanced / hash chains valid", ledger.get("balanced").asBoolean() + " / "
                                                              + chains.get("valid").asBoolean());

            assertThat(leftUnsent).as("messages of the batch the frozen node had yet to send").isNotEmpty();
            assertThat(acknowledgedWhileFrozen).as("the other node served while one was frozen").isPositive();
            assertThat(verdict.problems()).isEmpty();
            assertThat(verdict.lost()).isZero();
            assertThat(verdict.appliedTwice()).isZero();
            assertThat(retried.keySet()).allSatisfy(kind -> assertThat(kind).startsWith(Outcomes.ACKNOWLEDGED));
            assertThat(outcomes.anyServerError()).as("%s", outcomes.failures()).isFalse();
            assertThat(failedUnderLoad.keySet()).allMatch(kind -> kind.startsWith("no answer"));
            assertThat(mismatches).isEmpty();
            assertThat(webhooks.missingSample()).isEmpty();
            assertThat(webhooks.eventsUnderSeveralIds()).isZero();
            assertThat(duplicated.keySet()).isSubsetOf(mayRepeat);
            assertThat(staleSends).as("sent by the woken node after its lease ran out").isEmpty();
            assertThat(outOfOrder).isEmpty();
            assertThat(ledger.get("balanced").asBoolean()).as(ledger.toString()).isTrue();
            assertThat(chains.get("valid").asBoolean()).as(chains.toString()).isTrue();
        } finally {
            report.write();
        }
    }

    /**
     * Makes the receiver come back, holding the next request it gets: its sender is frozen at once, while it waits
     * for the answer. The freeze counts only if the message is then still claimed (the attempt's timeout did not end
     * it first on a crawling machine); otherwise the node is woken and null returned, to try again.
     */
    private static Freeze freezeTheSenderOfTheNextMessage(ServiceNodes cluster, TestReceiver receiver,
                                                          CountDownLatch release) throws Exception {
        CompletableFuture<Freeze> frozen = new CompletableFuture<>();
        receiver.beforeAnsweringNext(held -> {
            NodeProcess sender = cluster.holderOf(held.peerPort(), receiver.port());
            if (sender == null) {
                frozen.complete(null);
                return;
            }
            sender.freeze();
            Instant at = Instant.now();
            String heldId = held.header("webhook-id");
            Set<String> batch = new HashSet<>(cluster.jdbc().sql("""
                    SELECT message_id FROM webhook_messages WHERE state = 'SENDING' AND locked_until > now()""")
                    .query(String.class).list());
            if (!batch.contains(heldId)) {
                sender.thaw();
                frozen.complete(null);
                return;
            }
            frozen.complete(new Freeze(sender, batch, heldId, at));
            try {
                release.await(Patience.BACKGROUND.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        receiver.answer(() -> 204);
        return frozen.get(Patience.BACKGROUND.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until every message of the batch is recorded delivered (by the node that took the batch over). */
    private static void awaitDelivered(ServiceNodes cluster, Set<String> batch) {
        Instant giveUp = Instant.now().plus(Patience.BACKGROUND);
        long undelivered = batch.size();
        while (undelivered > 0) {
            assertThat(Instant.now()).as("%d messages of the frozen batch undelivered", undelivered).isBefore(giveUp);
            Concurrently.pause(Duration.ofMillis(250));
            undelivered = cluster.jdbc().sql("""
                    SELECT count(*) FROM webhook_messages WHERE message_id = ANY(?) AND state <> 'DELIVERED'""")
                    .param(batch.toArray(String[]::new)).query(Long.class).single();
        }
    }

    private static Instant firstDeliveryBy(TestReceiver receiver, String messageId, NodeProcess node) {
        return receiver.accepted().stream()
                       .filter(r -> messageId.equals(r.header("webhook-id")) && node.name().equals(r.sender()))
                       .map(TestReceiver.Received::at).findFirst().orElseGet(Instant::now);
    }

    /**
     * Escrows whose messages did not first arrive in sequence order (a repeated message counts where it first
     * arrived): each with the sequences in the order they came.
     */
    private static List<String> outOfOrder(List<TestReceiver.Received> accepted) {
        Set<String> seen = new HashSet<>();
        Map<String, List<Long>> firstArrivals = new HashMap<>();
        for (TestReceiver.Received received : accepted) {
            if (seen.add(received.header("webhook-id"))) {
                JsonNode body = JSON.readTree(received.body());
                firstArrivals.computeIfAbsent(body.path("escrow_id").asString(), escrow -> new ArrayList<>())
                             .add(body.path("sequence").asLong());
            }
        }
        List<String> problems = new ArrayList<>();
        firstArrivals.forEach((escrow, sequences) -> {
            if (!sequences.equals(sequences.stream().sorted().toList())) {
                problems.add(escrow + ": " + sequences);
            }
        });
        return problems;
    }
}
