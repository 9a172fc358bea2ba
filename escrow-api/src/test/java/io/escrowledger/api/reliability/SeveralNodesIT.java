package io.escrowledger.api.reliability;

import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.NodeProcess;
import io.escrowledger.api.support.Patience;
import io.escrowledger.api.support.Seed;
import io.escrowledger.api.support.ServiceNodes;
import io.escrowledger.api.support.TestReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes of the built jar on one database, with client threads sending each request to the next node in turn:
 * conflicting commands on one escrow or one vault never both succeed and the money adds up; every event is projected
 * once and delivered as a webhook; deadlines fire once though every node polls for them; a node killed leaves the others
 * nothing to take over but its unfinished webhook batches. docs/reliability.md, "Several nodes".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralNodesIT {

    private static final int RACED_ESCROWS = 30;
    private static final int RACES_AT_ONCE = 5;
    private static final int DECIDED_ESCROWS = 10;
    private static final long HOLD = 10_000_000L; // 10.00 USDC
    private static final int AFFORDABLE_HOLDS = 25;
    private static final int HOLD_ATTEMPTS = 60;
    private static final int EXPIRING_ESCROWS = 12;

    private final Report report = new Report("several-nodes");
    private final Outcomes outcomes = new Outcomes();
    /** Every escrow an acknowledged request of this scenario created. */
    private final List<String> escrows = new CopyOnWriteArrayList<>();
    /** Acknowledged requests whose effect the store does not show. */
    private final AtomicLong lost = new AtomicLong();
    private final AtomicInteger turn = new AtomicInteger();
    private ServiceNodes cluster;
    private ClusterChecks checks;
    private TestReceiver receiver;

    @BeforeAll
    void startThreeNodes() throws IOException {
        Instant start = Instant.now();
        cluster = new ServiceNodes("several", 3);
        cluster.startAll();
        report.put("nodes", 3).put("start of three nodes together on an empty database",
                Report.seconds(Duration.between(start, Instant.now())));
        checks = new ClusterChecks(cluster);
        receiver = new TestReceiver();
        ApiClient.Response endpoint = cluster.api(cluster.node(0)).post("/v1/webhook-endpoints",
                "{\"url\": \"" + receiver.url() + "\", \"description\": \"reliability\"}");
        assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
    }

    @AfterAll
    void stopEverything() {
        report.put("requests sent", outcomes.sent()).put("acknowledged (2xx)", outcomes.acknowledged())
              .put("refused or failed, by kind", outcomes.failures())
              .put("lost (acknowledged, not stored)", lost.get());
        report.writeAndClose(receiver, cluster);
    }

    @Test
    @Order(1)
    void releaseAndRefundSentToTwoNodesAtOnceHaveOneWinner() {
        List<String> ids = Concurrently.run(6, Collections.nCopies(RACED_ESCROWS, this::fundedEscrow));
        List<String> problems = new ArrayList<>();
        Map<String, Integer> losers = new TreeMap<>();
        int released = 0;
        for (int round = 0; round < RACED_ESCROWS / RACES_AT_ONCE; round++) {
            List<Callable<ApiClient.Response>> contenders = new ArrayList<>();
            for (int i = round * RACES_AT_ONCE; i < (round + 1) * RACES_AT_ONCE; i++) {
                String id = ids.get(i);
                ApiClient one = client(i);
                ApiClient other = client(i + 1);
                contenders.add(() -> send(one, "/v1/escrows/" + id + "/release", null));
                contenders.add(() -> send(other, "/v1/escrows/" + id + "/refund", null));
            }
            List<ApiClient.Response> answers = Concurrently.race(contenders);
            for (int j = 0; j < RACES_AT_ONCE; j++) {
                String id = ids.get(round * RACES_AT_ONCE + j);
                ApiClient.Response release = answers.get(2 * j);
                ApiClient.Response refund = answers.get(2 * j + 1);
                if (!oneWinnerOneProblem(release, refund, losers)) {
                    problems.add(id + ": release " + release.status() + ", refund " + refund.status());
                    continue;
                }
                boolean releaseWon = release.status() == 200;
                released += releaseWon ? 1 : 0;
                JsonNode escrow = client(round + j + 2).get("/v1/escrows/" + id).json();
                if (!escrow.get("state").asString().equals(releaseWon ? "RELEASED" : "REFUNDED")) {
                    lost.incrementAndGet();
                }
                if (escrow.get("held_amount").asLong() != 0
                    || escrow.get("released_amount").asLong() + escrow.get("refunded_amount").asLong()
                       != Bodies.ESCROW_TOTAL
                    || checks.events(id, "EscrowClosedEvent") != 1) {
                    problems.add(id + ": " + escrow);
                }
            }
        }
        report.put("release against refund: escrows raced", RACED_ESCROWS)
              .put("release against refund: release won / refund won", released + " / " + (RACED_ESCROWS - released))
              .put("release against refund: the losers' answers", losers);
        assertThat(problems).isEmpty();
    }

    @Test
    @Order(2)
    void twoDecisionsSentToTwoNodesAtOnceApplyOnce() {
        List<String[]> disputed = Concurrently.run(5, Collections.nCopies(DECIDED_ESCROWS, this::lockedDispute));
        List<Callable<ApiClient.Response>> contenders = new ArrayList<>();
        for (int i = 0; i < DECIDED_ESCROWS; i++) {
            String dispute = disputed.get(i)[1];
            ApiClient one = client(i);
            ApiClient other = client(i + 1);
            contenders.add(() -> send(one, "/v1/disputes/" + dispute + "/decision",
                    Seed.decision("SPLIT", "0.35", "0.65")));
            contenders.add(() -> send(other, "/v1/disputes/" + dispute + "/decision",
                    Seed.decision("RELEASE", "0", "1")));
        }
        List<ApiClient.Response> answers = Concurrently.race(contenders);

        List<String> problems = new ArrayList<>();
        Map<String, Integer> losers = new TreeMap<>();
        for (int i = 0; i < DECIDED_ESCROWS; i++) {
            String escrowId = disputed.get(i)[0];
            ApiClient.Response split = answers.get(2 * i);
            ApiClient.Response release = answers.get(2 * i + 1);
            if (!oneWinnerOneProblem(split, release, losers)) {
                problems.add(escrowId + ": split " + split.status() + ", release " + release.status());
                continue;
            }
            long expectedReleased = split.status() == 200 ? 32_500 : Bodies.ESCROW_TOTAL;
            JsonNode escrow = client(i + 2).get("/v1/escrows/" + escrowId).json();
            if (!escrow.get("state").asString().equals("RESOLVED")
                || escrow.get("released_amount").asLong() != expectedReleased) {
                lost.incrementAndGet();
            }
            if (escrow.get("released_amount").asLong() + escrow.get("refunded_amount").asLong() != Bodies.ESCROW_TOTAL
                || checks.events(escrowId, "DisputeResolvedEvent") != 1) {
                problems.add(escrowId + ": " + escrow);
            }
        }
        report.put("two decisions: disputes raced", DECIDED_ESCROWS)
              .put("two decisions: the losers' answers", losers);
        assertThat(problems).isEmpty();
    }

    @Test
    @Order(3)
    void concurrentHoldsOnOneVaultFromThreeNodesNeverOverdrawIt() {
        ApiClient any = client(0);
        String vault = any.post("/v1/vaults", "{}").json().get("id").asString();
        long deposited = AFFORDABLE_HOLDS * HOLD;
        ApiClient.Response deposit = any.post("/v1/vaults/" + vault + "/deposits",
                "{\"amount\": " + deposited + ", \"reference\": \"dep_reliability\"}");
        assertThat(deposit.status()).as(deposit.body()).isEqualTo(200);

        List<Callable<ApiClient.Response>> contenders = new ArrayList<>();
        for (int i = 0; i < HOLD_ATTEMPTS; i++) {
            ApiClient node = client(i);
            contenders.add(() -> send(node, "/v1/escrows", Bodies.vaultFundedEscrow(vault, HOLD)));
        }
        List<ApiClient.Response> answers = Concurrently.race(contenders);

        Map<String, Integer> kinds = new TreeMap<>();
        answers.forEach(answer -> kinds.merge(Outcomes.kind(answer), 1, Integer::sum));
        List<String> funded = answers.stream().filter(answer -> answer.status() == 201)
                                     .map(answer -> answer.json().get("id").asString()).toList();
        escrows.addAll(funded);
        JsonNode after = any.get("/v1/vaults/" + vault).json();
        long available = after.get("available").asLong();
        long storedHolds = cluster.jdbc().sql("SELECT count(*) FROM escrows WHERE funding_vault_id = ?").param(vault)
                                  .query(Long.class).single();
        lost.addAndGet(funded.size() - storedHolds);
        JsonNode ledger = checks.ledgerCheck(cluster.node(1));
        report.put("vault holds: attempts against a balance covering " + AFFORDABLE_HOLDS, HOLD_ATTEMPTS)
              .put("vault holds: answers", kinds)
              .put("vault holds: deposited / held / available (USDC micros)",
                      deposited + " / " + after.get("held").asLong() + " / " + available)
              .put("vault holds: ledger check balanced", ledger.get("balanced").asBoolean());

        assertThat(kinds.keySet()).isSubsetOf("2xx", "409 insufficient_balance", "409 concurrent_modification");
        assertThat(available).isNotNegative();
        assertThat(funded.size()).isLessThanOrEqualTo(AFFORDABLE_HOLDS);
        assertThat(funded.size() * HOLD + available).isEqualTo(deposited);
        assertThat(after.get("held").asLong()).isEqualTo(funded.size() * HOLD);
        if (kinds.containsKey("409 insufficient_balance")) {
            // Nothing is released during the race: once a hold was refused, no other one could have fitted.
            assertThat(available).isLessThan(HOLD);
        }
        assertThat(storedHolds).isEqualTo(funded.size());
        assertThat(ledger.get("balanced").asBoolean()).as(ledger.toString()).isTrue();
    }

    @Test
    @Order(4)
    void eachDeadlineFiresOnceThoughEveryNodePollsForThem() {
        // expires_in_hours 0.001 is 3.6 s: due while the scenario runs, on whichever node polls first.
        List<String> expiring = Concurrently.run(4, Collections.nCopies(EXPIRING_ESCROWS, () -> {
            ApiClient.Response created = send(next(), "/v1/escrows",
                    Bodies.escrow(Seed.uniqueExternalId(), ", \"expires_in_hours\": 0.001"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            return created.json().get("id").asString();
        }));
        escrows.addAll(expiring);
        Instant giveUp = Instant.now().plus(Patience.BACKGROUND);
        while ((expiredCount(expiring) < EXPIRING_ESCROWS || pendingDeadlines(expiring) > 0)
               && Instant.now().isBefore(giveUp)) {
            Concurrently.pause(Duration.ofMillis(250));
        }
        // No task left: each deadline ran (a task is deleted once it ran). Two more polling rounds of every node let
        // any firing beyond the first show as well.
        Concurrently.pause(ServiceNodes.DEADLINE_POLL.multipliedBy(2));
        List<Long> firings = expiring.stream().map(id -> checks.events(id, "EscrowExpiredEvent")).toList();
        Double latestDelay = cluster.jdbc().sql("""
                SELECT extract(epoch FROM max(e.time_stamp::timestamptz - r.expires_at))
                FROM domain_event_entry e JOIN escrows r ON r.escrow_id = e.aggregate_identifier
                WHERE substring(e.payload_type from '[^.]+$') = 'EscrowExpiredEvent' AND r.escrow_id = ANY(?)""")
                .param(expiring.toArray(String[]::new)).query(Double.class).single();
        long pending = pendingDeadlines(expiring);
        report.put("deadlines: escrows expiring 3.6 s after creation", EXPIRING_ESCROWS)
              .put("deadlines: expiry events per escrow", new TreeSet<>(firings))
              .put("deadlines: latest expiry recorded after its expires_at (s)", latestDelay)
              .put("deadlines: their scheduled tasks left", pending);

        assertThat(firings).containsOnly(1L);
        assertThat(expiredCount(expiring)).isEqualTo(EXPIRING_ESCROWS);
        assertThat(pending).isZero();
    }

    @Test
    @Order(5)
    void everyEventIsProjectedOnceAndDeliveredAsAWebhook() {
        List<String> mismatches = checks.readModelMismatches();
        ClusterChecks.Webhooks webhooks = checks.awaitWebhooks(receiver, escrows, Patience.BACKGROUND);
        JsonNode ledger = checks.ledgerCheck(cluster.node(0));
        JsonNode chains = checks.chainVerification(cluster.node(1));
        report.put("events stored / escrows", checks.eventsStored() + " / " + checks.escrowsStored())
              .put("escrows whose read models disagree with their events", mismatches.size())
              .put("webhooks: events / delivered / missing", webhooks.expected() + " / " + webhooks.delivered()
                                                            + " / " + webhooks.missing())
              .put("webhooks: duplicate deliveries (same webhook-id again)", webhooks.duplicateDeliveries())
              .put("webhooks: events sent under two message ids", webhooks.eventsUnderSeveralIds())
              .put("ledger check balanced", ledger.get("balanced").asBoolean())
              .put("hash chains valid (aggregates)", chains.get("valid").asBoolean() + " ("
                                                     + chains.get("aggregates").asInt() + ")");

        assertThat(mismatches).isEmpty();
        assertThat(webhooks.missingSample()).isEmpty();
        assertThat(webhooks.eventsUnderSeveralIds()).isZero();
        assertThat(ledger.get("balanced").asBoolean()).as(ledger.toString()).isTrue();
        assertThat(chains.get("valid").asBoolean()).as(chains.toString()).isTrue();
        assertThat(lost.get()).isZero();
        assertThat(outcomes.anyServerError()).as("%s", outcomes.failures()).isFalse();
    }

    /**
     * Every read model, the analytics and the webhook outbox are written in the command's transaction, so no node holds
     * work for the others (no event processor has positions to claim): when one is killed, the others go on at once,
     * and new events are projected and delivered as before.
     */
    @Test
    @Order(6)
    void aKilledNodeLeavesTheOthersNothingToTakeOver() {
        assertThat(cluster.jdbc().sql("SELECT count(*) FROM token_entry").query(Long.class).single())
                .as("event processor positions").isZero();
        NodeProcess victim = cluster.node(0);
        victim.kill();

        Instant killed = Instant.now();
        String id = fundedEscrow();
        ClusterChecks.Webhooks webhooks = checks.awaitWebhooks(receiver, List.of(id), Patience.BACKGROUND);
        report.put("after " + victim.name() + " was killed: a new escrow's webhooks delivered within (s)",
                Report.seconds(Duration.between(killed, Instant.now())))
              .put("after the kill: webhooks delivered", webhooks.delivered() + " of " + webhooks.expected());
        assertThat(webhooks.missingSample()).isEmpty();
        assertThat(checks.readModelMismatches()).isEmpty();
    }

    /** A new escrow with its funds declared held, each request on the next node. */
    private String fundedEscrow() {
        ApiClient.Response created = send(next(), "/v1/escrows", Bodies.escrow());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        escrows.add(id);
        ApiClient.Response funded = send(next(), "/v1/escrows/" + id + "/payment-status",
                Seed.paymentStatus("pi_" + id));
        assertThat(funded.status()).as(funded.body()).isEqualTo(200);
        return id;
    }

    /** A funded escrow with a dispute whose evidence is locked: ready for its decision. @return escrow, dispute */
    private String[] lockedDispute() {
        String escrow = fundedEscrow();
        ApiClient.Response opened = send(next(), "/v1/escrows/" + escrow + "/dispute", Seed.openDispute("OTHER"));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String dispute = opened.json().get("id").asString();
        ApiClient.Response locked = send(next(), "/v1/disputes/" + dispute + "/lock", null);
        assertThat(locked.status()).as(locked.body()).isEqualTo(200);
        return new String[] {escrow, dispute};
    }

    /** Exactly one 200, and the other a 409 problem document, whose code is counted. */
    private static boolean oneWinnerOneProblem(ApiClient.Response a, ApiClient.Response b,
                                               Map<String, Integer> losers) {
        if ((a.status() == 200) == (b.status() == 200)) {
            return false;
        }
        ApiClient.Response loser = a.status() == 200 ? b : a;
        losers.merge(Outcomes.kind(loser), 1, Integer::sum);
        return loser.status() == 409 && "application/problem+json".equals(loser.header("Content-Type"));
    }

    private ApiClient.Response send(ApiClient node, String path, String body) {
        ApiClient.Response response = outcomes.send(() -> node.post(path, body));
        assertThat(response).as("an answer from %s", path).isNotNull();
        return response;
    }

    /** The client of node {@code index} modulo the number of nodes. */
    private ApiClient client(int index) {
        return cluster.api(cluster.node(Math.floorMod(index, cluster.nodes().size())));
    }

    /** The next running node, in turn. */
    private ApiClient next() {
        while (true) {
            NodeProcess node = cluster.node(Math.floorMod(turn.getAndIncrement(), cluster.nodes().size()));
            if (node.isReady()) {
                return cluster.api(node);
            }
        }
    }

    private long expiredCount(List<String> ids) {
        return cluster.jdbc().sql("SELECT count(*) FROM escrows WHERE state = 'EXPIRED' AND escrow_id = ANY(?)")
                      .param(ids.toArray(String[]::new)).query(Long.class).single();
    }

    private long pendingDeadlines(List<String> escrowIds) {
        return escrowIds.stream().mapToLong(this::deadlinesScheduledFor).sum();
    }

    /** The deadlines waiting for this escrow (its id is among the serialized scope in task_data). */
    private long deadlinesScheduledFor(String escrowId) {
        return cluster.jdbc().sql("""
                       SELECT count(*) FROM scheduled_tasks WHERE position(convert_to(?, 'UTF8') in task_data) > 0""")
                      .param(escrowId).query(Long.class).single();
    }
}
