package io.escrowledger.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One service node: the built jar run as its own process with {@code java -jar}, on a port of its own. It can be
 * stopped as an orchestrator stops it (SIGTERM), killed as a crash kills it (SIGKILL), frozen as a long pause freezes
 * it (SIGSTOP, then SIGCONT), and started again on the same port. Its output goes to {@code target/nodes/<name>.log},
 * appended across restarts.
 */
public final class NodeProcess {

    /**
     * A node starts in about 5 s on an idle machine; three starting and migrating at once on a loaded 2-core CI machine
     * are far slower.
     */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    /** A stopped node finishes its requests (up to 30 s) and its processors' work before it exits. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(180);
    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private volatile Process process;
    /** Ready and not told to stop: what a load balancer that follows the readiness probe sends traffic to. */
    private volatile boolean ready;

    /** A small heap and the serial collector: several nodes share two cores with the test and PostgreSQL. */
    public static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    /**
     * @param jvmOptions the JVM's options ({@link #TEST_JVM_OPTIONS} for tests)
     * @param properties Spring properties, {@code name=value}
     */
    public NodeProcess(String name, Path jar, Path log, List<String> jvmOptions, List<String> properties) {
        this(name, jar, log, jvmOptions, properties, Map.of());
    }

    /** @param environment variables added to the process's environment (a clock of its own: {@link SkewedClock}) */
    public NodeProcess(String name, Path jar, Path log, List<String> jvmOptions, List<String> properties,
                       Map<String, String> environment) {
        this.name = name;
        this.environment = Map.copyOf(environment);
        this.port = freePort();
        this.log = log;
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Daxoniq.update-checker.disabled=true", "-jar", jar.toString(),
                "--server.port=" + port));
        properties.forEach(property -> command.add("--" + property));
        this.command = List.copyOf(command);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * How the process names itself where it claims work in the database (db-scheduler's {@code picked_by}): its
     * RuntimeMXBean name, pid@host.
     */
    public String claimOwnerPrefix() {
        return process.pid() + "@";
    }

    /** The running process's id. */
    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public boolean isReady() {
        return ready && isAlive();
    }

    /** Starts the process (again, after a stop or a kill) without waiting for it. */
    public synchronized void launch() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        ready = false;
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    /** Waits until the node says it is ready for traffic; fails if it died or took too long. */
    public void awaitReady() {
        Instant giveUp = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(giveUp)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see "
                                                + log);
            }
            if (readinessUp()) {
                OpenApiDocument.of(baseUrl()); // fetched now, so checking answers later never needs this node
                ready = true;
                return;
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException(name + " was not ready within " + START_TIMEOUT + "; see " + log);
    }

    public void start() {
        launch();
        awaitReady();
    }

    /** SIGTERM, as an orchestrator stops a node; waits for the process to exit. @return how long it took */
    public Duration stop() {
        Instant sent = Instant.now();
        sendStop();
        awaitExit(STOP_TIMEOUT);
        return Duration.between(sent, Instant.now());
    }

    /** SIGTERM without waiting: the test goes on while the node shuts down. */
    public void sendStop() {
        ready = false;
        process.destroy();
    }

    /** SIGKILL, as a crash or the OOM killer ends a node: nothing runs after it. */
    public void kill() {
        ready = false;
        if (process != null) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }
    }

    /**
     * SIGSTOP, as a long garbage-collection pause or a suspended VM freezes a node: nothing in it runs, its connections
     * stay open, and the load balancer stops sending to it. {@link #thaw} wakes it.
     */
    public void freeze() {
        ready = false;
        signal("STOP");
    }

    /** SIGCONT: the frozen node runs on from where it stopped; waits until it says it is ready again. */
    public void thaw() {
        signal("CONT");
        awaitReady();
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + this + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether this process holds the TCP connection from {@code localPort} to {@code remotePort} on loopback: a
     * receiver in the test tells which node sent a request by the port it came from. Read from Linux's /proc: the
     * connection's socket inode in /proc/net/tcp (or tcp6), among the process's file descriptors.
     */
    public boolean holdsConnection(int localPort, int remotePort) {
        try {
            Set<String> sockets = new HashSet<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 9 && fields[1].endsWith(":" + hexPort(localPort))
                        && fields[2].endsWith(":" + hexPort(remotePort))) {
                        sockets.add("socket:[" + fields[9] + "]");
                    }
                }
            }
            if (sockets.isEmpty() || !isAlive()) {
                return false;
            }
            try (Stream<Path> descriptors = Files.list(Path.of("/proc", String.valueOf(pid()), "fd"))) {
                return descriptors.anyMatch(fd -> {
                    try {
                        return sockets.contains(Files.readSymbolicLink(fd).toString());
                    } catch (IOException closedMeanwhile) {
                        return false;
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hexPort(int port) {
        return String.format("%04X", port);
    }

    /** SIGKILL, for a JVM that is exiting and cannot wait. */
    void killWithoutWaiting() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
    }

    /**
     * Waits until the node refuses new connections, as it does once its shutdown has begun (its web server stops
     * listening first, then finishes the requests in progress).
     */
    public void awaitConnectionsRefused(Duration patience) {
        Instant giveUp = Instant.now().plus(patience);
        while (acceptsConnections()) {
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException(name + " still accepts connections after " + patience);
            }
            sleep(Duration.ofMillis(50));
        }
    }

    /** Whether a connection to the node's port is accepted now; a connection that hangs is not a refusal. */
    private boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) Duration.ofSeconds(5).toMillis());
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException notDecided) {
            return true;
        }
    }

    public void awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " did not exit within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean readinessUp() {
        try {
            HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                                           .timeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = PROBE.send(probe, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name + " (port " + port + (process == null ? "" : ", pid " + process.pid()) + ")";
    }
}
