package io.escrowledger.api.benchmark;

import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.NodeProcess;
import io.escrowledger.api.support.ServiceNodes;
import io.escrowledger.projections.testsupport.TestDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The performance benchmark of docs/performance.md: the built service jar, run as its own process on a database of
 * its own, driven over HTTP by signed requests, side by side with pgbench on the same PostgreSQL server. Run it with
 * {@code scripts/benchmark} (the full run, several minutes) or {@code scripts/benchmark --smoke}; the build runs the
 * smoke run ({@code BenchmarkSmokeIT}). It prints and writes {@code results.md} in its output folder.
 */
public final class Benchmark {

    /** The heap the node runs with: the figure the service must live within under load. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx512m");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern STARTED = Pattern.compile("process running for ([0-9.]+)");
    private static final HttpClient ADMIN_HTTP = HttpClient.newHttpClient();

    /** One concurrency's figures: pgbench's two scripts and the service's three scenarios. */
    record Throughput(int clients, double pgbenchAppend, double pgbenchLoadAndAppend, Load.Result create,
                      Load.Result lifecycle, Load.Result dispute) {
    }

    record Rebuild(String what, long events, double seconds) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    record LoadTime(long events, double medianMillis, double p90Millis, String answer) {
    }

    /**
     * Seconds from the JVM's start to readiness: the packaged jar's first start (migrating an empty database), its
     * start on the migrated database, and the production start of docs/operations.md (extracted, with a CDS archive).
     */
    record StartUps(double firstSeconds, double jarSeconds, double archivedSeconds) {
    }

    /** Everything one run measured. */
    record Results(Settings settings, Instant at, String machine, StartUps startUps, List<Costs.Cost> costs,
                   List<Throughput> throughput, double peakRate, Load.Result halfPeak,
                   Map<ReadModelLag.ReadModel, double[]> lags, Map<ReadModelLag.ReadModel, Long> lagTimeouts,
                   List<Rebuild> rebuilds, LoadTime shortHistory, LoadTime longHistory,
                   long maxHeapBytes, long maxRssBytes, double gcSeconds) {
    }

    public static void main(String[] args) throws IOException {
        Settings settings = Settings.parse(args);
        Results results = run(settings);
        System.out.println(Report.markdown(results));
        System.out.println("Written to " + settings.output().resolve("results.md"));
        System.exit(0);
    }

    static Results run(Settings settings) throws IOException {
        Files.createDirectories(settings.output());
        Path jar = Path.of(System.getProperty("escrow.it.jar", "escrow-api/target/escrow-api-0.1.0-SNAPSHOT.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No service jar at " + jar + ": build it first (scripts/benchmark does)");
        }
        Path log = settings.output().resolve("node.log");
        Files.deleteIfExists(log);
        try (TestDatabase database = TestDatabase.separate()) {
            // Production settings otherwise: the webhook receiver is the benchmark's own, on loopback.
            List<String> properties = ServiceNodes.connectedTo(database);
            NodeProcess packaged = new NodeProcess("benchmark-jar", jar, log, JVM_OPTIONS, properties);
            NodeProcess node = null;
            try {
                double firstStart = startUp(packaged, log);
                double jarStart = startUp(packaged, log);
                StartupArchive archive = StartupArchive.prepare(jar, settings.output().resolve("app"), JVM_OPTIONS,
                        properties);
                List<String> archivedOptions = new ArrayList<>(JVM_OPTIONS);
                archivedOptions.addAll(archive.jvmOptions());
                if (settings.profile()) { // docs/performance.md: where the node's CPU goes
                    // Without the class data sharing archive: JDK 17's flight recorder crashes on classes it loaded.
                    archivedOptions.add("-Xshare:off");
                    Path recordings = Files.createDirectories(settings.output().resolve("jfr"));
                    archivedOptions.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                                        + recordings.toAbsolutePath()); // a folder: one file per start
                }
                node = new NodeProcess("benchmark", archive.jar(), log, archivedOptions, properties);
                node.start();
                StartUps startUps = new StartUps(firstStart, jarStart, startedAfter(log));
                System.out.printf("Started in %.2f s extracted with a CDS archive, %.2f s as the packaged jar "
                                  + "(%.2f s the first time, migrating)%n", startUps.archivedSeconds(), jarStart,
                        firstStart);
                Results results = measure(settings, database, node, startUps);
                Files.writeString(settings.output().resolve("results.md"), Report.markdown(results));
                return results;
            } finally {
                packaged.kill();
                if (node != null) {
                    node.kill();
                }
            }
        }
    }

    /** Starts the node, reads how long it took, and stops it again. */
    private static double startUp(NodeProcess node, Path log) throws IOException {
        node.start();
        double seconds = startedAfter(log);
        node.stop();
        return seconds;
    }

    /** Everything but the start-ups, on the running {@code node}. */
    private static Results measure(Settings settings, TestDatabase database, NodeProcess node, StartUps startUps)
            throws IOException {

        JdbcClient jdbc = JdbcClient.create(database.migratedDataSource());
        SignedHttp http = new SignedHttp(node.baseUrl(), IntegrationTest.API_KEY, IntegrationTest.API_SECRET);
        Pgbench pgbench = new Pgbench(database.url(), database.user(), database.password(), settings.output());
        try (ReadModelLag lag = new ReadModelLag(jdbc, settings.lagPatience());
             NodeMetrics metrics = new NodeMetrics(node.pid(), node.baseUrl(), IntegrationTest.METRICS_TOKEN)) {
            String webhookEndpoint = field(http.post("/v1/webhook-endpoints",
                    "{\"url\": \"" + lag.webhookUrl() + "\"}"), "id");
            List<String> vaults = vaults(http, settings.openClients());

            // Warm-up: the JIT, the pools and the tables of both the service and pgbench.
            Load.closed("warmup", http, Flow.Scenario.LIFECYCLE, 8, Duration.ZERO,
                    settings.warmup().multipliedBy(2), 0, settings.phaseLimit(), i -> null);
            pgbench.prepare(jdbc);
            List<Costs.Cost> costs = costs(settings, http, jdbc, metrics, pgbench, node, vaults);
            metrics.startSampling(Duration.ofSeconds(2));
            double gcBefore = metrics.sum("jvm_gc_pause_seconds_sum");

            List<Throughput> throughput = new ArrayList<>();
            for (int clients : settings.clients()) {
                // pgbench gets the server to itself: the service first finishes the work the last runs left it.
                awaitQuiet(jdbc, metrics);
                Throughput figures = new Throughput(clients,
                        pgbench.run(Pgbench.Script.APPEND, clients, settings.measured()),
                        pgbench.run(Pgbench.Script.LOAD_AND_APPEND, clients, settings.measured()),
                        closed(http, Flow.Scenario.CREATE, clients, settings),
                        closed(http, Flow.Scenario.LIFECYCLE, clients, settings),
                        closed(http, Flow.Scenario.DISPUTE, clients, settings));
                System.out.println(Report.throughputRow(figures));
                throughput.add(figures);
            }

            double peak = throughput.stream().mapToDouble(each -> each.lifecycle().requestsPerSecond()).max()
                                    .orElseThrow();
            awaitQuiet(jdbc, metrics);
            lag.start();
            Load.Result halfPeak = Load.open("half-peak", http, Benchmark::mixed, peak / 2, settings.openClients(),
                    settings.warmup(), settings.measured(), () -> lag.hasSampled(settings.minLagSamples()),
                    settings.phaseLimit(), vaults::get, lag::offer);
            Map<ReadModelLag.ReadModel, double[]> lags = lag.finish();
            double gcSeconds = metrics.sum("jvm_gc_pause_seconds_sum") - gcBefore;
            metrics.close();
            System.out.printf("Half the peak (%.0f requests/s): p99 %.1f ms%n", peak / 2,
                    halfPeak.percentileMillis(99));

            LoadTime shortHistory = loadTime(http, jdbc, escrowWithEvents(http, jdbc, 10), settings.loadSamples());
            LoadTime longHistory = loadTime(http, jdbc, escrowWithEvents(http, jdbc, settings.longEscrowEvents()),
                    settings.loadSamples());

            // The copies made for the rebuilds would otherwise all be sent as webhooks.
            awaitQuiet(jdbc, metrics);
            http.delete("/v1/webhook-endpoints/" + webhookEndpoint);
            List<Rebuild> rebuilds = rebuilds(node, jdbc, metrics, settings.rebuildEvents());
            return new Results(settings, Instant.now(), machine(jdbc), startUps, costs, throughput, peak, halfPeak,
                    lags, lag.timedOut(), rebuilds, shortHistory, longHistory,
                    metrics.maxHeapBytes(), metrics.maxRssBytes(), gcSeconds);
        }
    }

    /**
     * What each scenario costs per request at {@code costClients} clients, counted over a fixed number of flows and
     * everything they leave to do in the background (webhooks, analytics); what an idle node costs per second; and
     * what pgbench's two scripts cost per transaction, at the same concurrency.
     */
    private static List<Costs.Cost> costs(Settings settings, SignedHttp http, JdbcClient jdbc, NodeMetrics metrics,
                                          Pgbench pgbench, NodeProcess node, List<String> vaults) {
        Costs meter = new Costs(node.pid(), metrics, jdbc);
        List<Costs.Cost> costs = new ArrayList<>();
        awaitQuiet(jdbc, metrics);
        NodeProcess.sleep(settings.statsSettle());
        Costs.Reading before = meter.read();
        NodeProcess.sleep(settings.idleWindow());
        costs.add(new Costs.Cost("idle node, per second", settings.idleWindow().toSeconds(),
                meter.read().minus(before)));
        String readable = field(http.post("/v1/escrows", Flow.createBody("")), "id");
        int clients = settings.costClients();
        int flows = settings.costFlows();
        for (Flow.Scenario scenario : Flow.Scenario.values()) {
            int times = scenario == Flow.Scenario.READ ? flows * Flow.Scenario.LIFECYCLE.steps.size() : flows;
            IntFunction<Flow> flow = thread -> scenario == Flow.Scenario.READ
                    ? Flow.reading(readable) : new Flow(scenario, vaults.get(thread));
            // The same count once unmeasured first, so the JIT has compiled this scenario's path before it is counted.
            Load.count("cost-warmup-" + scenario, http, flow, clients, times);
            costs.add(measured(meter, jdbc, metrics, settings, scenario.name().toLowerCase().replace('_', ' '),
                    () -> Load.count("cost-" + scenario, http, flow, clients, times).requests()));
        }
        int transactions = flows * Flow.Scenario.LIFECYCLE.steps.size() / clients;
        for (Pgbench.Script script : Pgbench.Script.values()) {
            costs.add(measured(meter, jdbc, metrics, settings, "pgbench " + script.name().toLowerCase()
                                                                      .replace('_', ' '),
                    () -> pgbench.count(script, clients, transactions)));
        }
        costs.forEach(cost -> System.out.println(Report.costRow(cost)));
        return costs;
    }

    /** The cost of {@code work}, which answers how many units it did, and of what it leaves to the background. */
    private static Costs.Cost measured(Costs meter, JdbcClient jdbc, NodeMetrics metrics, Settings settings,
                                       String what, java.util.function.LongSupplier work) {
        awaitQuiet(jdbc, metrics);
        NodeProcess.sleep(settings.statsSettle());
        Costs.Reading before = meter.read();
        long units = work.getAsLong();
        // Not awaitQuiet: its VACUUM (ANALYZE) of the whole database costs the same whatever the work did, and would
        // be counted in the work's PostgreSQL CPU; the next measurement's awaitQuiet runs it before its own reading.
        awaitDelivered(jdbc, metrics);
        NodeProcess.sleep(settings.statsSettle());
        return new Costs.Cost(what, units, meter.read().minus(before));
    }

    private static Load.Result closed(SignedHttp http, Flow.Scenario scenario, int clients, Settings settings) {
        return Load.closed(scenario.name().toLowerCase() + "-" + clients, http, scenario, clients, settings.warmup(),
                settings.measured(), settings.minFlows(), settings.phaseLimit(), i -> null);
    }

    /** The open run's mix, by client thread: half lifecycles, three in eight disputes, one in eight vault-funded. */
    private static Flow.Scenario mixed(int thread) {
        int slot = thread % 8;
        return slot < 4 ? Flow.Scenario.LIFECYCLE : slot < 7 ? Flow.Scenario.DISPUTE : Flow.Scenario.VAULT_LIFECYCLE;
    }

    /** A vault for each client thread, with enough in it for every escrow it will hold. */
    private static List<String> vaults(SignedHttp http, int count) {
        List<String> vaults = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String vault = field(http.post("/v1/vaults", "{\"currency\": \"USDC\"}"), "id");
            require(http.post("/v1/vaults/" + vault + "/deposits",
                    "{\"amount\": 1000000000000, \"reference\": \"dep_bench\"}"));
            vaults.add(vault);
        }
        return vaults;
    }

    /**
     * An escrow with exactly {@code events} events: created, funded, then deliverables. Waits for its snapshot when
     * the history is long enough to have one.
     */
    private static String escrowWithEvents(SignedHttp http, JdbcClient jdbc, int events) {
        String escrow = field(http.post("/v1/escrows", Flow.createBody("")), "id");
        require(http.post("/v1/escrows/" + escrow + "/payment-status", """
                {"external_payment_ref": "pi_bench", "status": "FUNDS_HELD", "declared_at": "2025-01-15T10:30:00Z"}"""));
        for (int i = 2; i < events; i++) {
            require(http.post("/v1/escrows/" + escrow + "/deliverable", Flow.deliverable("ms_design")));
        }
        long stored = jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?").param(escrow)
                          .query(Long.class).single();
        if (stored != events) {
            throw new IllegalStateException("Escrow " + escrow + " has " + stored + " events, not " + events);
        }
        return escrow;
    }

    /**
     * How long a command on the escrow takes when the escrow refuses it (a deliverable for a milestone it does not
     * have): the escrow is loaded from its snapshot and later events, and nothing is appended, so every sample loads
     * the same history. Measured over HTTP, signed, like every other figure.
     */
    private static LoadTime loadTime(SignedHttp http, JdbcClient jdbc, String escrow, int samples) {
        long events = jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?").param(escrow)
                          .query(Long.class).single();
        String path = "/v1/escrows/" + escrow + "/deliverable";
        String body = Flow.deliverable("ms_not_in_this_escrow");
        String answer = null;
        double[] millis = new double[samples];
        for (int i = -samples / 5; i < samples; i++) { // the first fifth warms up
            long sent = System.nanoTime();
            SignedHttp.Answer refused = http.post(path, body);
            long took = System.nanoTime() - sent;
            if (refused.ok() || refused.status() >= 500 || refused.status() == 0) {
                throw new IllegalStateException("Expected a refusal, got " + refused);
            }
            answer = refused.status() + " " + field(refused, "code");
            if (i >= 0) {
                millis[i] = took / 1e6;
            }
        }
        Arrays.sort(millis);
        return new LoadTime(events, millis[samples / 2], millis[(int) (samples * 0.9)], answer);
    }

    /**
     * Fills the event store, then times both rebuilds. The node is stopped while the copies go in: hundreds of
     * thousands of events appearing within seconds under processors that follow the store's head would be read ahead
     * into memory by Axon's event store without bound (docs/performance.md); started again, the processors read them
     * from the database in batches, as they would after any stop.
     */
    private static List<Rebuild> rebuilds(NodeProcess node, JdbcClient jdbc, NodeMetrics metrics, int target) {
        node.stop();
        long added = EventStoreFill.fillTo(jdbc, target);
        node.start();
        long total = EventStoreFill.count(jdbc);
        System.out.printf("Event store filled to %d events (%d copied)%n", total, added);
        List<Rebuild> rebuilds = new ArrayList<>();

        awaitAnalyticsCaughtUp(metrics, Duration.ofMinutes(30));
        long analyticsStart = System.nanoTime();
        admin(node, "/admin/v1/analytics/rebuild", 202);
        awaitAnalyticsCaughtUp(metrics, Duration.ofMinutes(30));
        rebuilds.add(new Rebuild("analytics (AnalyticsReplay: the tables emptied, every escrow replayed)", total,
                (System.nanoTime() - analyticsStart) / 1e9));

        admin(node, "/admin/v1/projections/all/rebuild", 202);
        JsonNode progress;
        do {
            NodeProcess.sleep(Duration.ofMillis(500));
            progress = JSON.readTree(adminGet(node, "/admin/v1/projections/rebuilds/latest"));
        } while (progress.get("state").asString().equals("running"));
        if (!progress.get("state").asString().equals("done")) {
            throw new IllegalStateException("The read model rebuild failed: " + progress);
        }
        double seconds = Duration.between(Instant.parse(progress.get("started_at").asString()),
                Instant.parse(progress.get("finished_at").asString())).toNanos() / 1e9;
        rebuilds.add(new Rebuild("escrows, disputes, vaults and ledger (admin rebuild `all`)",
                progress.get("processed").asLong(), seconds));
        rebuilds.forEach(each -> System.out.printf("Rebuilt %s: %d events in %.1f s%n", each.what(), each.events(),
                each.seconds()));
        return rebuilds;
    }

    /**
     * Waits until the analytics processor has caught up and every webhook message is delivered. Where the server runs
     * without autovacuum, the database is vacuumed here as autovacuum would: the webhook outbox is a queue table, and
     * its indexes fill with dead entries that every claim must step over until a vacuum removes them.
     */
    private static void awaitQuiet(JdbcClient jdbc, NodeMetrics metrics) {
        if (awaitDelivered(jdbc, metrics)) {
            jdbc.sql("VACUUM (ANALYZE)").update();
        }
    }

    /**
     * Waits until every webhook is delivered and analytics has caught up, vacuuming the outbox every 5 s meanwhile
     * where autovacuum is off (as it would); answers whether the database is to be vacuumed here (autovacuum off).
     */
    private static boolean awaitDelivered(JdbcClient jdbc, NodeMetrics metrics) {
        boolean vacuumHere = !jdbc.sql("SHOW autovacuum").query(String.class).single().equals("on");
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(10));
        Instant nextVacuum = Instant.now();
        while (jdbc.sql("SELECT count(*) FROM webhook_messages WHERE state IN ('PENDING', 'SENDING')")
                   .query(Long.class).single() > 0) {
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("Webhooks still not delivered after 10 minutes");
            }
            if (vacuumHere && Instant.now().isAfter(nextVacuum)) {
                jdbc.sql("VACUUM (ANALYZE) webhook_messages").update();
                nextVacuum = Instant.now().plusSeconds(5);
            }
            NodeProcess.sleep(Duration.ofMillis(200));
        }
        awaitAnalyticsCaughtUp(metrics, Duration.ofMinutes(10));
        return vacuumHere;
    }

    private static void awaitAnalyticsCaughtUp(NodeMetrics metrics, Duration patience) {
        Instant giveUp = Instant.now().plus(patience);
        while (analyticsLag(metrics) != 0) {
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("Analytics did not catch up within " + patience);
            }
            NodeProcess.sleep(Duration.ofMillis(100));
        }
    }

    /** The analytics processor's lag in events; -1 when the node is too busy to say within its scrape timeout. */
    private static double analyticsLag(NodeMetrics metrics) {
        try {
            return metrics.sum("escrow_processor_lag{processor=\"analytics\"");
        } catch (UncheckedIOException busy) {
            return -1;
        }
    }

    /** Seconds from the JVM's start to the application's readiness, from the node's last start-up log line. */
    private static double startedAfter(Path log) throws IOException {
        Matcher started = STARTED.matcher(Files.readString(log));
        double seconds = -1;
        while (started.find()) {
            seconds = Double.parseDouble(started.group(1));
        }
        if (seconds < 0) {
            throw new IllegalStateException("No start-up line in " + log);
        }
        return seconds;
    }

    private static String machine(JdbcClient jdbc) {
        return Runtime.getRuntime().availableProcessors() + " cores, "
               + jdbc.sql("SELECT version()").query(String.class).single().replaceAll(" on .*", "") + ", Java "
               + System.getProperty("java.version");
    }

    private static String field(SignedHttp.Answer answer, String name) {
        JsonNode value = JSON.readTree(answer.body()).get(name);
        if (value == null) {
            throw new IllegalStateException("No " + name + " in " + answer);
        }
        return value.asString();
    }

    private static void require(SignedHttp.Answer answer) {
        if (!answer.ok()) {
            throw new IllegalStateException("Refused: " + answer);
        }
    }

    private static void admin(NodeProcess node, String path, int expected) {
        HttpResponse<String> response = adminSend(HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                                                             .POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != expected) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static String adminGet(NodeProcess node, String path) {
        return adminSend(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).GET()).body();
    }

    private static HttpResponse<String> adminSend(HttpRequest.Builder request) {
        try {
            return ADMIN_HTTP.send(request.header("Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
