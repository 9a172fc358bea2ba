package io.escrowledger.api.reliability;

import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.NodeProcess;
import io.escrowledger.api.support.Patience;
import io.escrowledger.api.support.Seed;
import io.escrowledger.api.support.ServiceNodes;
import io.escrowledger.api.support.SkewedClock;
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
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes whose clocks disagree by a few seconds, one ahead of the machine's clock and one behind it (libfaketime:
 * {@link SkewedClock}), while the test and PostgreSQL keep the true time. What the documents promise about time must
 * hold, each node judging by its own clock: the signature window (docs/authentication.md), expiries and the requests
 * that race them (docs/state-machine.md), past views (docs/audit.md, "Which events an instant takes"), and webhooks.
 * docs/reliability.md, "Clocks that disagree".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClockSkewIT {

    private static final Duration SKEW = Duration.ofSeconds(3);
    private static final Duration WINDOW = Duration.ofSeconds(300);
    private static final int RACED_EXPIRIES = 8;
    /** A round trip longer than this cannot tell the two nodes' windows apart: the request is sent again. */
    private static final Duration DECISIVE = Duration.ofSeconds(2);

    private final Report report = new Report("clock-skew");
    private final List<String> escrows = new CopyOnWriteArrayList<>();
    private ServiceNodes cluster;
    private ClusterChecks checks;
    private TestReceiver receiver;
    private NodeProcess ahead;
    private NodeProcess behind;

    @BeforeAll
    void startTwoNodesWithClocksApart() throws IOException {
        cluster = new ServiceNodes("skew", 2, Map.of(),
                index -> SkewedClock.environment(index == 0 ? SKEW : SKEW.negated()));
        cluster.startAll();
        ahead = cluster.node(0);
        behind = cluster.node(1);
        checks = new ClusterChecks(cluster);
        receiver = new TestReceiver();
        ApiClient.Response endpoint = api(ahead).post("/v1/webhook-endpoints", "{\"url\": \"" + receiver.url() + "\"}");
        assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
        report.put("nodes", ahead.name() + " " + SKEW.toSeconds() + " s ahead of the machine's clock, "
                            + behind.name() + " " + SKEW.toSeconds() + " s behind it")
              .put("clock skew between the nodes, by their Date headers (s)", Report.seconds(measuredSkew()));
    }

    @AfterAll
    void stopEverything() {
        report.writeAndClose(receiver, cluster);
    }

    @Test
    @Order(1)
    void eachNodeJudgesTheSignatureWindowByItsOwnClockAndANonceOnceSpentIsSpentOnBoth() {
        // Signed now by the true clock: within the window of both.
        assertThat(signedAt(ahead, Instant.now()).status()).isEqualTo(200);
        assertThat(signedAt(behind, Instant.now()).status()).isEqualTo(200);
        // At the window's edges the nodes disagree by their skew, exactly as "within 300 s of the server's clock" says.
        String old = edgeAnswers(WINDOW.negated());
        String future = edgeAnswers(WINDOW.plusSeconds(1));
        report.put("signed exactly 300 s ago: ahead / behind", old)
              .put("signed 301 s ahead: ahead / behind", future);
        assertThat(old).isEqualTo("401 timestamp_out_of_window / 2xx");
        assertThat(future).isEqualTo("2xx / 401 timestamp_out_of_window");

        // A request spent on one node is a replay on the other, whichever clock each keeps.
        for (NodeProcess[] pair : new NodeProcess[][] {{ahead, behind}, {behind, ahead}}) {
            String path = "/v1/escrows?limit=1";
            Map<String, String> headers = api(pair[0]).signatureHeaders("GET", path, new byte[0]);
            ApiClient.Response first = withHeaders(pair[0], path, headers);
            ApiClient.Response replay = withHeaders(pair[1], path, headers);
            report.put("the same signed request on " + pair[0].name() + ", then on " + pair[1].name(),
                    Outcomes.kind(first) + ", then " + Outcomes.kind(replay));
            assertThat(first.status()).isEqualTo(200);
            assertThat(Outcomes.kind(replay)).isEqualTo("401 nonce_reused");
        }
    }

    @Test
    @Order(2)
    void anExpiryFiresOnceByTheFastestClockAndReleasesRacingItGetOneConsistentAnswer() {
        Instant expiresAt = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        List<String> raced = Concurrently.run(4, IntStream.range(0, RACED_EXPIRIES)
                .<Callable<String>>mapToObj(i -> () -> fundedEscrow(i % 2 == 0 ? ahead : behind,
                        ", \"expires_at\": \"" + expiresAt + "\"")).toList());
        Map<String, Instant> firstSeenClosed = new ConcurrentHashMap<>();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleWithFixedDelay(() -> watchClosings(raced, firstSeenClosed), 0, 100, TimeUnit.MILLISECONDS);
        List<ApiClient.Response> answers;
        try {
            // Halfway into the skew: the node ahead is past expires_at, the node behind is not.
            Instant raceAt = expiresAt.minus(SKEW.dividedBy(2));
            assertThat(Instant.now()).as("the escrows were ready before their race (a crawling machine?)")
                                     .isBefore(raceAt);
            Concurrently.pause(Duration.between(Instant.now(), raceAt));
            List<Callable<ApiClient.Response>> releases = new ArrayList<>();
            for (int i = 0; i < RACED_EXPIRIES; i++) {
                ApiClient node = api(i < RACED_EXPIRIES / 2 ? behind : ahead);
                String path = "/v1/escrows/" + raced.get(i) + "/release";
                releases.add(() -> node.post(path, null));
            }
            answers = Concurrently.race(releases);
            awaitClosed(raced);
        } finally {
            watcher.shutdownNow();
        }

        Map<String, Integer> behindAnswers = new TreeMap<>();
        Map<String, Integer> aheadAnswers = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        Duration earliest = null;
        for (int i = 0; i < RACED_EXPIRIES; i++) {
            String id = raced.get(i);
            ApiClient.Response answer = answers.get(i);
            (i < RACED_EXPIRIES / 2 ? behindAnswers : aheadAnswers).merge(Outcomes.kind(answer), 1, Integer::sum);
            JsonNode escrow = api(behind).get("/v1/escrows/" + id).json();
            long expiries = checks.events(id, "EscrowExpiredEvent");
            boolean released = answer.status() == 200;
            boolean consistent = escrow.get("state").asString().equals(released ? "RELEASED" : "REFUNDED")
                                 && checks.events(id, "EscrowClosedEvent") == 1 && expiries == (released ? 0 : 1)
                                 && escrow.get("released_amount").asLong() + escrow.get("refunded_amount").asLong()
                                    == Bodies.ESCROW_TOTAL
                                 && escrow.get("held_amount").asLong() == 0;
            if (!consistent) {
                problems.add(id + " answered " + Outcomes.kind(answer) + ": " + escrow);
            }
            if (expiries == 1) {
                JsonNode expiry = expiryEvent(id);
                if (!Instant.parse(expiry.get("payload").get("expiredAt").asString()).equals(expiresAt)
                    || !Instant.parse(escrow.get("expired_at").asString()).equals(expiresAt)
                    || Instant.parse(expiry.get("occurred_at").asString()).isBefore(expiresAt)) {
                    problems.add(id + ": expiry " + expiry + ", escrow " + escrow);
                }
                Duration early = Duration.between(firstSeenClosed.get(id), expiresAt);
                earliest = earliest == null || early.compareTo(earliest) > 0 ? early : earliest;
            }
        }
        report.put("expiries: escrows expiring at one instant, a release of each sent " + SKEW.dividedBy(2).toMillis()
                   + " ms before it", RACED_EXPIRIES)
              .put("expiries: answers of the node behind (its clock before expires_at)", behindAnswers)
              .put("expiries: answers of the node ahead (its clock past expires_at)", aheadAnswers)
              .put("expiries: closed by the expiry, at most this long before expires_at by the true clock (s)",
                      earliest == null ? "none" : Report.seconds(earliest));

        assertThat(problems).isEmpty();
        assertThat(aheadAnswers.keySet()).as("the node ahead judges the expiry by its clock: never a release")
                                         .allMatch(kind -> kind.startsWith("409"));
        assertThat(aheadAnswers.keySet()).isSubsetOf("409 escrow_expired", "409 invalid_state_transition");
        // Before its clock reached expires_at, the node behind released, unless the expiry had run (on the node ahead).
        assertThat(behindAnswers.keySet()).isSubsetOf(Outcomes.ACKNOWLEDGED, "409 escrow_expired",
                "409 invalid_state_transition");
        // No expiry ran before the fastest clock reached expires_at (the test saw it after it ran, never before).
        assertThat(firstSeenClosed.values()).allMatch(seen -> !seen.isBefore(expiresAt.minus(SKEW)));
    }

    @Test
    @Order(3)
    void aPastViewNeverTakesACommandStampedEarlierByASlowClockWithoutTheCommandsBeforeIt() {
        String id = fundedEscrow(behind, "");
        ApiClient.Response first = api(ahead).post("/v1/escrows/" + id + "/release",
                "{\"milestone_id\": \"ms_design\"}");
        ApiClient.Response second = api(behind).post("/v1/escrows/" + id + "/release",
                "{\"milestone_id\": \"ms_development\"}");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        JsonNode events = api(ahead).get("/v1/escrows/" + id + "/events").json().get("events");
        List<String> types = new ArrayList<>();
        events.forEach(event -> types.add(event.get("sequence").asLong() + " " + event.get("type").asString()
                                          + " " + event.get("occurred_at").asString()));
        // created, funds held, ms_design released (ahead), ms_development released and closed (behind)
        Instant firstRelease = Instant.parse(events.get(2).get("occurred_at").asString());
        Instant secondRelease = Instant.parse(events.get(4).get("occurred_at").asString());
        report.put("past views: the escrow's events (sequence, type, occurred_at)", types);
        assertThat(secondRelease).as("the later release is stamped earlier, by the clock behind")
                                 .isBefore(firstRelease);

        JsonNode atSecond = api(behind).get("/v1/escrows/" + id + "?as_of=" + secondRelease).json();
        JsonNode beforeFirst = api(ahead).get("/v1/escrows/" + id + "?as_of=" + firstRelease.minusMillis(1)).json();
        JsonNode atFirst = api(ahead).get("/v1/escrows/" + id + "?as_of=" + firstRelease).json();
        report.put("past views: as of the later release's stamp / just before the earlier's / at the earlier's",
                view(atSecond) + " / " + view(beforeFirst) + " / " + view(atFirst));
        // The later command is not taken without the one before it; once both are, the view is today's.
        assertThat(view(atSecond)).isEqualTo("FUNDED, released 0");
        assertThat(view(beforeFirst)).isEqualTo("FUNDED, released 0");
        assertThat(view(atFirst)).isEqualTo("RELEASED, released 50000");
        assertThat(api(ahead).get("/v1/escrows/" + id + "/verification").json().get("valid").asBoolean()).isTrue();
    }

    @Test
    @Order(4)
    void everythingIsProjectedOnceDeliveredOnceAndVerifies() {
        List<String> mismatches = checks.readModelMismatches();
        ClusterChecks.Webhooks webhooks = checks.awaitWebhooks(receiver, escrows, Patience.BACKGROUND);
        JsonNode chains = checks.chainVerification(ahead);
        // The endpoint was made on the node ahead: events the node behind stored in the seconds after it carry
        // earlier stamps than the endpoint's own, yet happened after it.
        long stampedBeforeEndpoint = cluster.jdbc().sql("""
                SELECT count(*) FROM domain_event_entry e
                WHERE e.aggregate_identifier = ANY(?)
                  AND e.time_stamp::timestamptz < (SELECT min(created_at) FROM webhook_endpoints)""")
                .param(escrows.toArray(String[]::new)).query(Long.class).single();
        report.put("events stored / escrows", checks.eventsStored() + " / " + checks.escrowsStored())
              .put("webhooks: events stamped (by the clock behind) before the endpoint's stamp (by the clock ahead)",
                      stampedBeforeEndpoint)
              .put("escrows whose read models disagree with their events", mismatches.size())
              .put("webhooks: events / delivered / missing / duplicates", webhooks.expected() + " / "
                      + webhooks.delivered() + " / " + webhooks.missing() + " / " + webhooks.duplicateDeliveries())
              .put("hash chains valid", chains.get("valid").asBoolean());
        assertThat(stampedBeforeEndpoint).as("events whose stamps put them before the endpoint").isPositive();
        assertThat(mismatches).isEmpty();
        assertThat(webhooks.missingSample()).isEmpty();
        assertThat(webhooks.duplicateDeliveries()).isZero();
        assertThat(webhooks.eventsUnderSeveralIds()).isZero();
        assertThat(chains.get("valid").asBoolean()).as(chains.toString()).isTrue();
    }

    /**
     * The answers of the node ahead and the node behind, as "ahead / behind", to requests signed {@code offset} from
     * now by the true clock. Sent again while a round trip was too slow to tell: the window is judged on arrival.
     */
    private String edgeAnswers(Duration offset) {
        for (int tries = 1; ; tries++) {
            Instant sent = Instant.now();
            String answers = Outcomes.kind(signedAt(ahead, Instant.now().plus(offset))) + " / "
                             + Outcomes.kind(signedAt(behind, Instant.now().plus(offset)));
            if (Duration.between(sent, Instant.now()).compareTo(DECISIVE) < 0 || tries == 5) {
                return answers;
            }
        }
    }

    private ApiClient.Response signedAt(NodeProcess node, Instant at) {
        String path = "/v1/escrows?limit=1";
        return withHeaders(node, path, api(node).signatureHeaders("GET", path, new byte[0],
                String.valueOf(at.getEpochSecond()), UUID.randomUUID().toString().replace("-", "")));
    }

    private ApiClient.Response withHeaders(NodeProcess node, String path, Map<String, String> headers) {
        ApiClient client = api(node);
        HttpRequest.Builder request = client.request(path).GET();
        headers.forEach(request::header);
        return client.send(request);
    }

    /** How far apart the nodes' clocks are, as their HTTP Date headers (whole seconds) show it. */
    private Duration measuredSkew() {
        return Duration.between(dateOf(behind), dateOf(ahead));
    }

    private Instant dateOf(NodeProcess node) {
        String date = api(node).send(api(node).request("/actuator/health/liveness")).header("Date");
        return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }

    private String fundedEscrow(NodeProcess node, String extra) {
        ApiClient.Response created = api(node).post("/v1/escrows", Bodies.escrow(Seed.uniqueExternalId(), extra));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        escrows.add(id);
        ApiClient.Response funded = api(node).post("/v1/escrows/" + id + "/payment-status",
                Seed.paymentStatus("pi_" + id));
        assertThat(funded.status()).as(funded.body()).isEqualTo(200);
        return id;
    }

    private void watchClosings(List<String> ids, Map<String, Instant> firstSeen) {
        try {
            Instant now = Instant.now();
            cluster.jdbc().sql("SELECT escrow_id FROM escrows WHERE escrow_id = ANY(?) AND state <> 'FUNDED'")
                   .param(ids.toArray(String[]::new)).query(String.class).list()
                   .forEach(id -> firstSeen.putIfAbsent(id, now));
        } catch (RuntimeException unreadable) {
            System.err.println("Closings not sampled: " + unreadable.getMessage());
        }
    }

    private void awaitClosed(List<String> ids) {
        Instant giveUp = Instant.now().plus(Patience.BACKGROUND);
        while (cluster.jdbc().sql("SELECT count(*) FROM escrows WHERE escrow_id = ANY(?) AND state = 'FUNDED'")
                      .param(ids.toArray(String[]::new)).query(Long.class).single() > 0) {
            assertThat(Instant.now()).as("every raced escrow closed").isBefore(giveUp);
            Concurrently.pause(Duration.ofMillis(100));
        }
    }

    private JsonNode expiryEvent(String id) {
        for (JsonNode event : api(ahead).get("/v1/escrows/" + id + "/events").json().get("events")) {
            if (event.get("type").asString().equals("EscrowExpiredEvent")) {
                return event;
            }
        }
        throw new AssertionError("no expiry event for " + id);
    }

    private static String view(JsonNode escrow) {
        return escrow.get("state").asString() + ", released " + escrow.get("released_amount").asLong();
    }

    private ApiClient api(NodeProcess node) {
        return cluster.api(node);
    }
}
