package io.escrowledger.api.reliability;

import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.NodeProcess;
import io.escrowledger.api.support.Seed;
import io.escrowledger.api.support.ServiceNodes;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Client threads that keep taking escrows through their life, each request to the next target node in turn, as an
 * integrator's workers behind a load balancer would: create, declare the funds held, release. Every request carries
 * an Idempotency-Key, so one that got no answer can be sent again as a client would. A journey stops at its first
 * request that was not acknowledged. Afterwards {@link #verdict} compares what was acknowledged with what was stored.
 */
final class Journeys {

    /** A request's name, path and the event its success stores once per escrow. */
    enum Step {
        CREATE("EscrowCreatedEvent"), FUND("FundsHeldEvent"), RELEASE("EscrowClosedEvent");

        final String event;

        Step(String event) {
            this.event = event;
        }
    }

    /** One request: what was sent, to which node, and how it ended ({@link Outcomes#kind}, or no answer). */
    record Request(Step step, String path, String body, String idempotencyKey, String node, String outcome) {

        boolean acknowledged() {
            return Outcomes.ACKNOWLEDGED.equals(outcome);
        }

        boolean unanswered() {
            return outcome.startsWith("no answer");
        }
    }

    /** One escrow's requests, in order; its id once the creation was acknowledged. */
    static final class Journey {
        final String externalId = Seed.uniqueExternalId();
        final List<Request> requests = new CopyOnWriteArrayList<>();
        volatile String escrowId;
    }

    private static final Duration PACE = Duration.ofMillis(50);

    private final ServiceNodes cluster;
    private final Outcomes outcomes;
    private final Supplier<List<NodeProcess>> targets;
    private final List<Journey> journeys = new CopyOnWriteArrayList<>();
    private final List<Thread> clients = new ArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();
    private volatile boolean running;

    /** @param targets the nodes to send to, asked before each request (a load balancer's list of healthy nodes) */
    Journeys(ServiceNodes cluster, Outcomes outcomes, Supplier<List<NodeProcess>> targets) {
        this.cluster = cluster;
        this.outcomes = outcomes;
        this.targets = targets;
    }

    void start(int threads) {
        running = true;
        for (int i = 0; i < threads; i++) {
            Thread client = new Thread(this::loop, "journeys-" + i);
            client.start();
            clients.add(client);
        }
    }

    /** Stops starting requests, and waits for those in flight (each ends within the client's 30 s timeout). */
    void stop() throws InterruptedException {
        running = false;
        for (Thread client : clients) {
            client.join(Duration.ofSeconds(60).toMillis());
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("A client thread failed", errors.get(0));
        }
    }

    List<Journey> journeys() {
        return List.copyOf(journeys);
    }

    private void loop() {
        try {
            while (running) {
                Journey journey = new Journey();
                journeys.add(journey);
                for (Step step : Step.values()) {
                    NodeProcess node = next();
                    while (node == null && running) {
                        Concurrently.pause(PACE); // no node to send to, for now
                        node = next();
                    }
                    if (!running || !send(journey, step, node)) {
                        break;
                    }
                }
            }
        } catch (Throwable e) {
            errors.add(e); // an answer the OpenAPI document does not allow, say
        }
    }

    /** @return whether the request was acknowledged */
    private boolean send(Journey journey, Step step, NodeProcess node) {
        String path = switch (step) {
            case CREATE -> "/v1/escrows";
            case FUND -> "/v1/escrows/" + journey.escrowId + "/payment-status";
            case RELEASE -> "/v1/escrows/" + journey.escrowId + "/release";
        };
        String body = switch (step) {
            case CREATE -> Bodies.escrow(journey.externalId, "");
            case FUND -> Seed.paymentStatus("pi_" + journey.externalId);
            case RELEASE -> null;
        };
        String idempotencyKey = journey.externalId + "-" + step;
        ApiClient.Response response = outcomes.send(() -> cluster.api(node)
                .call("POST", path, body, Map.of("Idempotency-Key", idempotencyKey)));
        Request request = new Request(step, path, body, idempotencyKey, node.name(),
                response == null ? "no answer" : Outcomes.kind(response));
        journey.requests.add(request);
        if (step == Step.CREATE && request.acknowledged()) {
            journey.escrowId = response.json().get("id").asString();
        }
        // A client's pace: the machine's two cores are shared by every node, PostgreSQL and the test.
        Concurrently.pause(PACE);
        return request.acknowledged();
    }

    /** The next target node in turn, or null when there is none. */
    private NodeProcess next() {
        List<NodeProcess> nodes = targets.get();
        return nodes.isEmpty() ? null : nodes.get(Math.floorMod(turn.getAndIncrement(), nodes.size()));
    }

    /**
     * Sends every unanswered request once more, with its Idempotency-Key, to a running node, as a client retries.
     * A creation that got no answer has no escrow id yet: it is found by its external id, as a client would.
     *
     * @return the retries' answers, by kind ("replayed" when the service answered from its idempotency record)
     */
    Map<String, Integer> retryUnanswered(NodeProcess node) {
        Map<String, Integer> kinds = new TreeMap<>();
        for (Journey journey : journeys) {
            for (Request request : journey.requests) {
                if (!request.unanswered()) {
                    continue;
                }
                ApiClient.Response answer = outcomes.send(() -> cluster.api(node).call("POST", request.path(),
                        request.body(), Map.of("Idempotency-Key", request.idempotencyKey())));
                String kind = answer == null ? "no answer" : Outcomes.kind(answer)
                        + ("true".equals(answer.header("Idempotent-Replayed")) ? " (replayed)" : "");
                kinds.merge(kind, 1, Integer::sum);
                journey.requests.add(new Request(request.step(), request.path(), request.body(),
                        request.idempotencyKey(), node.name(), answer == null ? "no answer" : Outcomes.kind(answer)));
            }
        }
        return kinds;
    }

    /**
     * What the store says about every journey.
     *
     * @param lost             acknowledged requests whose event is not stored
     * @param appliedUnanswered requests that got no answer but whose event is stored (the client retries them)
     * @param appliedTwice     escrows with an event that may occur once stored more than once, or two escrows for
     *                         one external id
     * @param escrowIds        the escrows the journeys created (stored, acknowledged or not)
     */
    record Verdict(int journeys, long lost, long appliedUnanswered, long appliedTwice, List<String> problems,
                   List<String> escrowIds) {
    }

    Verdict verdict() {
        Map<String, List<String>> escrowsByExternalId = new HashMap<>();
        cluster.jdbc().sql("SELECT external_id, escrow_id FROM escrows WHERE external_id = ANY(?)")
               .param(journeys.stream().map(j -> j.externalId).toArray(String[]::new))
               .query((row, n) -> Map.entry(row.getString(1), row.getString(2))).list()
               .forEach(e -> escrowsByExternalId.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        List<String> escrowIds = escrowsByExternalId.values().stream().flatMap(List::stream).toList();
        Map<String, Map<String, Long>> events = new HashMap<>();
        cluster.jdbc().sql("""
                       SELECT aggregate_identifier, substring(payload_type from '[^.]+$'), count(*)
                       FROM domain_event_entry WHERE aggregate_identifier = ANY(?) GROUP BY 1, 2""")
               .param(escrowIds.toArray(String[]::new))
               .query((RowCallbackHandler) row -> events.computeIfAbsent(row.getString(1), id -> new HashMap<>())
                                                        .put(row.getString(2), row.getLong(3)));

        long lost = 0;
        long appliedUnanswered = 0;
        long appliedTwice = 0;
        List<String> problems = new ArrayList<>();
        for (Journey journey : journeys) {
            List<String> ids = escrowsByExternalId.getOrDefault(journey.externalId, List.of());
            if (ids.size() > 1) {
                appliedTwice++;
                problems.add(journey.externalId + ": " + ids.size() + " escrows");
                continue;
            }
            Map<String, Long> stored = ids.isEmpty() ? Map.of() : events.getOrDefault(ids.get(0), Map.of());
            for (Step step : Step.values()) {
                long count = stored.getOrDefault(step.event, 0L);
                boolean acknowledged = journey.requests.stream().anyMatch(r -> r.step() == step && r.acknowledged());
                boolean unanswered = journey.requests.stream().anyMatch(r -> r.step() == step && r.unanswered());
                if (acknowledged && count == 0) {
                    lost++;
                    problems.add(journey.externalId + ": " + step + " acknowledged, " + step.event + " not stored");
                }
                if (!acknowledged && unanswered && count > 0) {
                    appliedUnanswered++;
                }
            }
            // Each event of a journey occurs once, but for the release of each of the two milestones.
            if (stored.entrySet().stream().anyMatch(event ->
                    event.getValue() > (event.getKey().equals("MilestoneReleasedEvent") ? 2 : 1))) {
                appliedTwice++;
                problems.add(journey.externalId + ": events " + stored);
            }
        }
        return new Verdict(journeys.size(), lost, appliedUnanswered, appliedTwice, problems, escrowIds);
    }
}
