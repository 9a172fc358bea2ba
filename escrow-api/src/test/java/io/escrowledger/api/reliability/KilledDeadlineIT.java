package io.escrowledger.api.reliability;

import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.NodeProcess;
import io.escrowledger.api.support.Patience;
import io.escrowledger.api.support.ServiceNodes;
import io.escrowledger.api.support.TestReceiver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node killed with SIGKILL while it executes an escrow's expiry. The test holds the escrow's read-model row locked,
 * so the expiry's transaction waits in the middle of its work on whichever node picked it; that node is killed
 * there. Its transaction dies with it; db-scheduler's claim on the deadline stays until the node has missed its
 * heartbeats, then the other node runs the expiry again: it must happen exactly once, within the bound
 * docs/operations.md gives, and the vault must get its money back once. Meanwhile requests are judged against
 * {@code expires_at} itself. docs/reliability.md, "A node killed while it runs a deadline".
 */
class KilledDeadlineIT {

    private static final long HOLD = 10_000_000L; // 10.00 USDC
    /** 10.8 s: time enough for the test to lock the escrow's row before it is due. */
    private static final String EXPIRES_SOON = ", \"expires_in_hours\": 0.003";
    /**
     * A heartbeat of 3 s rather than the default 10 s, so that the test waits 18 s for the revival instead of a
     * minute; the limit is the default's. The mechanism is the same whatever the interval.
     */
    private static final Duration HEARTBEAT = Duration.ofSeconds(3);
    private static final int MISSED_HEARTBEATS_LIMIT = 4;
    /**
     * docs/operations.md: a dead node's deadline runs again within heartbeat-interval × (missed-heartbeats-limit + 2)
     * plus a poll (the tests' 500 ms).
     */
    private static final Duration REVIVAL_BOUND = HEARTBEAT.multipliedBy(MISSED_HEARTBEATS_LIMIT + 2)
                                                           .plus(ServiceNodes.DEADLINE_POLL);
    private static final int TRIES = 3;

    @Test
    void anExpiryWhoseNodeIsKilledWhileRunningItHappensOnceOnTheOtherNode() throws Exception {
        Report report = new Report("killed-deadline");
        try (ServiceNodes cluster = new ServiceNodes("deadline", 2,
                Map.of("escrow.deadlines.heartbeat-interval", HEARTBEAT.toMillis() + "ms",
                       "escrow.deadlines.missed-heartbeats-limit", String.valueOf(MISSED_HEARTBEATS_LIMIT)),
                index -> Map.of()); TestReceiver receiver = new TestReceiver()) {
            cluster.startAll();
            ClusterChecks checks = new ClusterChecks(cluster);
            ApiClient api = cluster.api(cluster.node(0));
            assertThat(api.post("/v1/webhook-endpoints", "{\"url\": \"" + receiver.url() + "\"}").status())
                    .isEqualTo(201);
            String vault = api.post("/v1/vaults", "{}").json().get("id").asString();
            ApiClient.Response deposit = api.post("/v1/vaults/" + vault + "/deposits",
                    "{\"amount\": " + TRIES * HOLD + ", \"reference\": \"dep_deadline\"}");
            assertThat(deposit.status()).as(deposit.body()).isEqualTo(200);

            String escrow = null;
            NodeProcess killed = null;
            Instant killedAt = null;
            try (Connection lock = cluster.connection()) {
                lock.setAutoCommit(false);
                for (int tries = 1; killed == null; tries++) {
                    assertThat(tries).as("an expiry caught while it runs").isLessThanOrEqualTo(TRIES);
                    ApiClient.Response created = api.post("/v1/escrows",
                            Bodies.vaultFundedEscrow(vault, HOLD, EXPIRES_SOON));
                    assertThat(created.status()).as(created.body()).isEqualTo(201);
                    escrow = created.json().get("id").asString();
                    lockRow(lock, escrow);
                    if (checks.events(escrow, "EscrowExpiredEvent") > 0) {
                        lock.rollback(); // it expired before the lock was taken: a crawling machine; try again
                        continue;
                    }
                    killed = awaitExecutingNode(cluster, escrow);
                    killed.kill();
                    killedAt = Instant.now();
                    report.put("killed (SIGKILL)", killed.name() + ", while its transaction of " + escrow
                                                   + "'s expiry waited for the row the test held");
                }
                lock.rollback(); // the dead node's transaction goes on to find its client gone, and is rolled back
            }
            NodeProcess survivor = cluster.nodes().stream().filter(NodeProcess::isAlive).findFirst().orElseThrow();

            // Until the expiry runs again, requests are judged against expires_at itself.
            ApiClient.Response release = cluster.api(survivor).post("/v1/escrows/" + escrow + "/release", null);
            String stateMeanwhile = cluster.jdbc().sql("SELECT state FROM escrows WHERE escrow_id = ?")
                                           .param(escrow).query(String.class).single();
            report.put("a release sent meanwhile", Outcomes.kind(release))
                  .put("the escrow's state meanwhile", stateMeanwhile);

            Instant giveUp = Instant.now().plus(REVIVAL_BOUND).plus(Patience.BACKGROUND);
            while (checks.events(escrow, "EscrowClosedEvent") == 0) {
                assertThat(Instant.now()).as("the expiry of %s ran again", escrow).isBefore(giveUp);
                Concurrently.pause(Duration.ofMillis(250));
            }
            Duration revivedAfter = Duration.between(killedAt, Instant.now());
            // Two more polls of the surviving node: any second run would show too.
            Concurrently.pause(ServiceNodes.DEADLINE_POLL.multipliedBy(2));
            long expiries = checks.events(escrow, "EscrowExpiredEvent");
            long refunds = checks.events(escrow, "MilestoneRefundedEvent");
            long closings = checks.events(escrow, "EscrowClosedEvent");
            long tasksLeft = cluster.jdbc().sql("""
                    SELECT count(*) FROM scheduled_tasks WHERE position(convert_to(?, 'UTF8') in task_data) > 0""")
                    .param(escrow).query(Long.class).single();
            JsonNode vaultNow = cluster.api(survivor).get("/v1/vaults/" + vault).json();
            JsonNode ledger = checks.ledgerCheck(survivor);
            JsonNode chains = checks.chainVerification(survivor);
            List<String> mismatches = checks.readModelMismatches();
            ClusterChecks.Webhooks webhooks = checks.awaitWebhooks(receiver, List.of(escrow), Patience.BACKGROUND);
            report.put("heartbeat interval (s) / missed heartbeats limit", Report.seconds(HEARTBEAT) + " / "
                                                                          + MISSED_HEARTBEATS_LIMIT)
                  .put("expiry ran again, on " + survivor.name() + ", after the kill (s)", Report.seconds(revivedAfter))
                  .put("the documented bound (s)", Report.seconds(REVIVAL_BOUND))
                  .put("expiry events / milestone refunds / closings", expiries + " / " + refunds + " / " + closings)
                  .put("scheduled tasks left for the escrow", tasksLeft)
                  .put("vault: deposited / available / held (USDC micros)", TRIES * HOLD + " / "
                          + vaultNow.get("available").asLong() + " / " + vaultNow.get("held").asLong())
                  .put("ledger balanced / hash chains valid", ledger.get("balanced").asBoolean() + " / "
                                                              + chains.get("valid").asBoolean())
                  .put("webhooks: events / delivered / missing", webhooks.expected() + " / " + webhooks.delivered()
                                                                + " / " + webhooks.missing());

            assertThat(Outcomes.kind(release)).isEqualTo("409 escrow_expired");
            assertThat(expiries).isEqualTo(1);
            assertThat(refunds).isEqualTo(2);
            assertThat(closings).isEqualTo(1);
            assertThat(tasksLeft).isZero();
            // The vault got back exactly what the escrow held: every earlier escrow that expired before the lock was
            // taken gave its hold back too.
            assertThat(vaultNow.get("available").asLong()).isEqualTo(TRIES * HOLD);
            assertThat(vaultNow.get("held").asLong()).isZero();
            assertThat(ledger.get("balanced").asBoolean()).as(ledger.toString()).isTrue();
            assertThat(chains.get("valid").asBoolean()).as(chains.toString()).isTrue();
            assertThat(mismatches).isEmpty();
            assertThat(webhooks.missingSample()).isEmpty();
            assertThat(webhooks.eventsUnderSeveralIds()).isZero();
            // The bound tells the fix from the 30 minutes db-scheduler's defaults took, with room for a slow machine.
            assertThat(revivedAfter).isLessThan(REVIVAL_BOUND.multipliedBy(3));
        } finally {
            report.write();
        }
    }

    /** Locks the escrow's read-model row in the test's open transaction: the expiry's update of it waits there. */
    private static void lockRow(Connection lock, String escrow) throws Exception {
        try (PreparedStatement statement = lock.prepareStatement(
                "SELECT escrow_id FROM escrows WHERE escrow_id = ? FOR UPDATE")) {
            statement.setString(1, escrow);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).as("the escrow's row").isTrue();
            }
        }
    }

    /**
     * Waits until a node has picked the escrow's expiry and its transaction waits for the locked row. @return that
     * node, by the name db-scheduler records ({@code picked_by}: pid@host)
     */
    private static NodeProcess awaitExecutingNode(ServiceNodes cluster, String escrow) {
        Instant giveUp = Instant.now().plus(Patience.BACKGROUND);
        while (true) {
            assertThat(Instant.now()).as("the expiry of %s picked and waiting", escrow).isBefore(giveUp);
            List<String> pickedBy = cluster.jdbc().sql("""
                    SELECT picked_by FROM scheduled_tasks
                    WHERE picked AND position(convert_to(?, 'UTF8') in task_data) > 0""")
                    .param(escrow).query(String.class).list();
            long waiting = cluster.jdbc().sql("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock'""").query(Long.class).single();
            if (pickedBy.size() == 1 && waiting > 0) {
                return cluster.nodes().stream()
                              .filter(node -> node.isAlive() && pickedBy.get(0).startsWith(node.claimOwnerPrefix()))
                              .findFirst().orElseThrow(() -> new AssertionError("picked by " + pickedBy));
            }
            Concurrently.pause(Duration.ofMillis(100));
        }
    }
}
