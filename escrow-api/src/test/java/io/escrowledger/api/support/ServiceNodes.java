package io.escrowledger.api.support;

import io.escrowledger.projections.testsupport.TestDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Several service nodes as real processes of the built jar, on one database of their own: what an operator runs
 * behind a load balancer (docs/operations.md, "Several nodes"). The jar is the one `mvn package` built (failsafe passes
 * its path as {@code escrow.it.jar}). Closing kills every node that is still running and drops the database, also
 * when the test failed; so does the end of the test JVM.
 */
public final class ServiceNodes implements AutoCloseable {

    /** How often every node looks for due deadlines. */
    public static final Duration DEADLINE_POLL = Duration.ofMillis(500);

    private final TestDatabase database;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private JdbcClient jdbc;

    /** Creates {@code count} nodes named {@code <scenario>-1}, … without starting them. */
    public ServiceNodes(String scenario, int count) {
        this(scenario, count, Map.of(), index -> Map.of());
    }

    /**
     * @param overrides   properties that replace the tests' defaults (or add to them), on every node
     * @param environment each node's extra environment variables, by its index from 0
     */
    public ServiceNodes(String scenario, int count, Map<String, String> overrides,
                        IntFunction<Map<String, String>> environment) {
        Path jar = Path.of(System.getProperty("escrow.it.jar", "target/escrow-api-0.1.0-SNAPSHOT.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No service jar at " + jar + ": run the suite with `mvn verify`, which "
                                            + "packages it first");
        }
        database = TestDatabase.separate();
        try {
            for (int i = 1; i <= count; i++) {
                String name = scenario + "-" + i;
                nodes.add(new NodeProcess(name, jar, Path.of("target", "nodes", name + ".log"),
                        NodeProcess.TEST_JVM_OPTIONS, properties(overrides), environment.apply(i - 1)));
            }
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        // Should the test JVM itself be stopped before close() runs, its nodes must not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> nodes.forEach(NodeProcess::killWithoutWaiting),
                "kill-" + scenario + "-nodes"));
    }

    /** What every node runs with: the test's credentials, and webhooks and deadlines quick enough to wait for. */
    private List<String> properties(Map<String, String> overrides) {
        Map<String, String> properties = new LinkedHashMap<>();
        connectedTo(database).forEach(property -> {
            int equals = property.indexOf('=');
            properties.put(property.substring(0, equals), property.substring(equals + 1));
        });
        // PostgreSQL allows 100 connections, shared with whatever else runs on the machine.
        properties.put("spring.datasource.hikari.maximum-pool-size", "10");
        properties.put("escrow.webhooks.retry-schedule", "100ms,500ms,1s,2s,5s");
        properties.put("escrow.webhooks.poll-interval", "50ms");
        // As in production: a loaded machine must not turn answered attempts into timed-out ones. The lease of a
        // claimed batch is twelve timeouts: a dead node's claims come back after 2 minutes.
        properties.put("escrow.webhooks.timeout", "10s");
        properties.put("escrow.deadlines.poll-interval", DEADLINE_POLL.toMillis() + "ms");
        properties.put("escrow.snapshots.every", "3");
        properties.put("logging.structured.format.console", "");
        // A property given twice on the command line would be read as both values joined: each is given once.
        properties.putAll(overrides);
        return properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    /**
     * What a node of the tests or the benchmark needs whatever it runs: the database, the tests' credentials and
     * tokens, and webhooks to a receiver on loopback over http.
     */
    public static List<String> connectedTo(TestDatabase database) {
        return List.of(
                "spring.datasource.url=" + database.url(),
                "spring.datasource.username=" + database.user(),
                "spring.datasource.password=" + database.password(),
                "escrow.security.admin-token=" + IntegrationTest.ADMIN_TOKEN,
                "escrow.security.metrics-token=" + IntegrationTest.METRICS_TOKEN,
                "escrow.security.bootstrap-api-key=" + IntegrationTest.API_KEY,
                "escrow.security.bootstrap-api-secret=" + IntegrationTest.API_SECRET,
                "escrow.security.secrets-encryption-key=" + IntegrationTest.ENCRYPTION_KEY,
                "escrow.webhooks.allow-http=true",
                "escrow.webhooks.allow-private-targets=true");
    }

    /** Starts every node at once (they migrate the empty database together) and waits until all are ready. */
    public ServiceNodes startAll() {
        nodes.forEach(NodeProcess::launch);
        nodes.forEach(NodeProcess::awaitReady);
        return this;
    }

    public NodeProcess node(int index) {
        return nodes.get(index);
    }

    public List<NodeProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** The bootstrap integrator, calling the given node. */
    public ApiClient api(NodeProcess node) {
        return new ApiClient(node.port(), IntegrationTest.API_KEY, IntegrationTest.API_SECRET);
    }

    public Admin admin(NodeProcess node) {
        return new Admin(api(node));
    }

    /** The nodes' database, for checking what they stored; first called once a node has migrated it. */
    public synchronized JdbcClient jdbc() {
        if (jdbc == null) {
            jdbc = JdbcClient.create(database.migratedDataSource());
        }
        return jdbc;
    }

    /** A connection of the test's own to the nodes' database, for holding locks there. */
    public Connection connection() throws SQLException {
        return database.migratedDataSource().getConnection();
    }

    /** The running node that holds the TCP connection from {@code localPort} to {@code remotePort}, or null. */
    public NodeProcess holderOf(int localPort, int remotePort) {
        return nodes.stream().filter(node -> node.isAlive() && node.holdsConnection(localPort, remotePort))
                    .findFirst().orElse(null);
    }

    @Override
    public void close() {
        for (NodeProcess node : nodes) {
            try {
                node.kill();
            } catch (RuntimeException e) {
                System.err.println("Could not kill " + node + ": " + e.getMessage());
            }
        }
        database.close();
    }
}
