import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The load and the checks of scripts/failover-drill (which sets up the database clusters and the nodes, and tears them
 * down): client threads take escrows through their life on the nodes in turn (create, declare the funds held, release),
 * each request with an Idempotency-Key and sent again with it, as a client does, until it is acknowledged. After the
 * warm-up the failover command runs (the old primary stopped, the replica promoted), the load goes on, then every
 * acknowledged request is looked for on the new primary. Prints the figures as a Markdown table.
 *
 * Run by the script: java -cp postgresql.jar scripts/FailoverDrill.java NODE_URL,NODE_URL JDBC_URL_OF_NEW_PRIMARY
 *     API_KEY API_SECRET ADMIN_TOKEN WARM_UP_S AFTER_S FAILOVER_COMMAND
 */
public class FailoverDrill {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration PACE = Duration.ofMillis(50);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(250);
    private static final Duration GIVE_UP = Duration.ofSeconds(120);
    private static final int CLIENTS = 4;
    private static final String[][] STEPS = {
            {"CREATE", "EscrowCreatedEvent"}, {"FUND", "FundsHeldEvent"}, {"RELEASE", "EscrowClosedEvent"}};

    private final List<String> nodes;
    private final String apiKey;
    private final String apiSecret;
    private final AtomicInteger turn = new AtomicInteger();
    private final LongAdder sent = new LongAdder();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    /** external id → escrow id and the steps acknowledged. */
    private final Map<String, List<String>> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, String> escrowIds = new ConcurrentHashMap<>();
    private final List<Instant> refusals = new CopyOnWriteArrayList<>();
    private final AtomicReference<Instant> failoverStarted = new AtomicReference<>();
    /** When each request acknowledged after the failover began was sent, and when it was answered. */
    private final List<Instant[]> acknowledgedAfter = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    FailoverDrill(List<String> nodes, String apiKey, String apiSecret) {
        this.nodes = nodes;
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
    }

    public static void main(String[] args) throws Exception {
        FailoverDrill drill = new FailoverDrill(List.of(args[0].split(",")), args[2], args[3]);
        Map<String, Object> figures = drill.run(args[1], args[4], Duration.ofSeconds(Long.parseLong(args[5])),
                Duration.ofSeconds(Long.parseLong(args[6])), args[7]);
        StringBuilder table = new StringBuilder("| figure | value |\n|---|---|\n");
        figures.forEach((name, value) -> table.append("| ").append(name).append(" | ").append(value).append(" |\n"));
        System.out.print(table);
        if (!drill.errors.isEmpty() || !Long.valueOf(0).equals(figures.get("lost (acknowledged, not on the new "
                                                                             + "primary)"))
            || !Long.valueOf(0).equals(figures.get("applied twice"))) {
            System.err.println("FAILED: " + drill.errors);
            System.exit(1);
        }
    }

    Map<String, Object> run(String newPrimary, String adminToken, Duration warmUp, Duration after, String failover)
            throws Exception {
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread client = new Thread(this::journeys, "client-" + i);
            client.start();
            clients.add(client);
        }
        Thread.sleep(warmUp.toMillis());
        long acknowledgedBefore = count("2xx") + count("2xx (replayed)");
        failoverStarted.set(Instant.now());
        Process command = new ProcessBuilder("bash", "-c", failover).inheritIO().start();
        if (command.waitFor() != 0) {
            errors.add("the failover command failed");
        }
        Duration failoverTook = Duration.between(failoverStarted.get(), Instant.now());
        Thread.sleep(after.toMillis());
        running = false;
        for (Thread client : clients) {
            client.join(GIVE_UP.plusSeconds(60).toMillis());
        }

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("client threads / nodes", CLIENTS + " / " + nodes.size());
        figures.put("requests sent (retries included)", sent.sum());
        figures.put("answers, by kind", new TreeMap<>(snapshot()));
        figures.put("acknowledged before the failover", acknowledgedBefore);
        figures.put("failover command (stop the primary, promote the replica) took (s)", seconds(failoverTook));
        figures.put("refused or unanswered: first / last, after the primary stopped (s)", refusals.isEmpty()
                ? "none" : seconds(Duration.between(failoverStarted.get(), refusals.get(0))) + " / "
                           + seconds(Duration.between(failoverStarted.get(), refusals.get(refusals.size() - 1))));
        // The outage as clients saw it: the longest stretch after the stop with no write acknowledged, and the
        // slowest write acknowledged after the stop (it waited for a connection to a primary meanwhile).
        List<Instant> answered = acknowledgedAfter.stream().map(times -> times[1]).sorted().toList();
        Duration longestGap = Duration.ZERO;
        Instant previous = failoverStarted.get();
        Instant resumed = null;
        for (Instant at : answered) {
            if (Duration.between(previous, at).compareTo(longestGap) > 0) {
                longestGap = Duration.between(previous, at);
                resumed = at;
            }
            previous = at;
        }
        Duration slowest = acknowledgedAfter.stream().map(times -> Duration.between(times[0], times[1]))
                                            .max(Duration::compareTo).orElse(Duration.ZERO);
        figures.put("time to recover: no write acknowledged from the stop until (s)",
                resumed == null ? "never" : seconds(Duration.between(failoverStarted.get(), resumed)));
        figures.put("longest stretch without an acknowledged write (s)", seconds(longestGap));
        figures.put("slowest write acknowledged after the stop (s)", seconds(slowest));
        figures.putAll(check(newPrimary));
        figures.put("ledger check (new primary)", admin("/admin/v1/ledger/check", adminToken));
        figures.put("hash chains (new primary)", admin("/admin/v1/audit/verification", adminToken));
        figures.put("errors", errors.isEmpty() ? "none" : errors.toString());
        return figures;
    }

    /** One client: journey after journey until told to stop; each request retried with its key until acknowledged. */
    private void journeys() {
        while (running) {
            String externalId = "drill_" + UUID.randomUUID();
            for (String[] step : STEPS) {
                if (!acknowledgedWithRetries(externalId, step[0])) {
                    errors.add(externalId + " " + step[0] + " never acknowledged");
                    return;
                }
                pause(PACE);
            }
        }
    }

    private boolean acknowledgedWithRetries(String externalId, String step) {
        String escrowId = escrowIds.get(externalId);
        String path = switch (step) {
            case "CREATE" -> "/v1/escrows";
            case "FUND" -> "/v1/escrows/" + escrowId + "/payment-status";
            default -> "/v1/escrows/" + escrowId + "/release";
        };
        String body = switch (step) {
            case "CREATE" -> """
                    {"external_id": "%s", "currency": "USD", "total_amount": 50000,
                     "milestones": [{"milestone_id": "ms_design", "amount": 20000},
                                    {"milestone_id": "ms_development", "amount": 30000}]}""".formatted(externalId);
            case "FUND" -> "{\"external_payment_ref\": \"pi_" + externalId + "\", \"status\": \"FUNDS_HELD\"}";
            default -> null;
        };
        Instant giveUp = Instant.now().plus(GIVE_UP);
        while (Instant.now().isBefore(giveUp)) {
            String node = nodes.get(Math.floorMod(turn.getAndIncrement(), nodes.size()));
            Instant sentAt = Instant.now();
            HttpResponse<String> answer = send(node, path, body, externalId + "-" + step);
            String kind = answer == null ? "no answer" : answer.statusCode() / 100 != 2
                    ? answer.statusCode() + " " + code(answer.body())
                    : answer.headers().firstValue("Idempotent-Replayed").isPresent() ? "2xx (replayed)" : "2xx";
            outcomes.computeIfAbsent(kind, k -> new LongAdder()).increment();
            if (answer != null && answer.statusCode() / 100 == 2) {
                if (step.equals("CREATE")) {
                    escrowIds.put(externalId, answer.body().replaceAll("^\\{\"id\":\"([^\"]+)\".*", "$1"));
                }
                acknowledged.computeIfAbsent(externalId, id -> new CopyOnWriteArrayList<>()).add(step);
                if (failoverStarted.get() != null) {
                    acknowledgedAfter.add(new Instant[] {sentAt, Instant.now()});
                }
                return true;
            }
            if (answer != null && answer.statusCode() != 503) {
                errors.add(externalId + " " + step + ": " + answer.statusCode() + " " + answer.body());
                return false;
            }
            if (failoverStarted.get() != null) {
                refusals.add(Instant.now());
            }
            pause(RETRY_PAUSE);
        }
        return false;
    }

    private HttpResponse<String> send(String node, String path, String body, String idempotencyKey) {
        sent.increment();
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        String nonce = UUID.randomUUID().toString().replace("-", "");
        String canonical = timestamp + "\n" + nonce + "\nPOST\n" + path + "\n" + hex(sha256(bytes));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node + path)).timeout(Duration.ofSeconds(60))
                .header("X-Api-Key", apiKey).header("X-Timestamp", timestamp).header("X-Nonce", nonce)
                .header("X-Signature", hex(hmac(canonical))).header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException noAnswer) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every acknowledged step's event on the new primary; nothing stored twice. */
    private Map<String, Object> check(String jdbcUrl) throws Exception {
        long lost = 0;
        long appliedTwice = 0;
        long acknowledgedSteps = 0;
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            for (Map.Entry<String, List<String>> journey : acknowledged.entrySet()) {
                Map<String, Long> events = new TreeMap<>();
                long escrows;
                try (PreparedStatement query = db.prepareStatement(
                        "SELECT count(*) FROM escrows WHERE external_id = ?")) {
                    query.setString(1, journey.getKey());
                    try (ResultSet row = query.executeQuery()) {
                        row.next();
                        escrows = row.getLong(1);
                    }
                }
                try (PreparedStatement query = db.prepareStatement("""
                        SELECT substring(payload_type from '[^.]+$'), count(*) FROM domain_event_entry
                        WHERE aggregate_identifier = ? GROUP BY 1""")) {
                    query.setString(1, escrowIds.get(journey.getKey()));
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            events.put(rows.getString(1), rows.getLong(2));
                        }
                    }
                }
                for (String[] step : STEPS) {
                    if (journey.getValue().contains(step[0])) {
                        acknowledgedSteps++;
                        if (events.getOrDefault(step[1], 0L) == 0) {
                            lost++;
                            errors.add(journey.getKey() + " " + step[0] + " acknowledged, not stored: " + events);
                        }
                    }
                }
                if (escrows > 1 || events.entrySet().stream().anyMatch(e ->
                        e.getValue() > (e.getKey().equals("MilestoneReleasedEvent") ? 2 : 1))) {
                    appliedTwice++;
                    errors.add(journey.getKey() + " applied twice: " + escrows + " escrows, " + events);
                }
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("escrows started", acknowledged.size());
        figures.put("steps acknowledged (each once, however often sent)", acknowledgedSteps);
        figures.put("lost (acknowledged, not on the new primary)", lost);
        figures.put("applied twice", appliedTwice);
        return figures;
    }

    private String admin(String path, String token) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(nodes.get(0) + path))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String verdict = answer.body().matches("(?s).*\"(balanced|valid)\"\\s*:\\s*true.*") ? "holds" : "FAILS";
            if (!verdict.equals("holds")) {
                errors.add(path + ": " + answer.body());
            }
            return verdict;
        } catch (IOException | InterruptedException e) {
            errors.add(path + ": " + e);
            return "unanswered";
        }
    }

    private Map<String, Long> snapshot() {
        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }

    private long count(String kind) {
        LongAdder adder = outcomes.get(kind);
        return adder == null ? 0 : adder.sum();
    }

    private static String code(String problem) {
        return problem.replaceAll("(?s).*\"code\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    private byte[] hmac(String canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(apiSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
