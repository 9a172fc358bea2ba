package io.escrowledger.api.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stoplight's Prism (a tool written by others, pinned) as a validating proxy in front of a running service:
 * {@code prism proxy docs/openapi.json <service> --errors}. It checks each request against the document before
 * forwarding it and each answer before passing it on; with {@code --errors} a violation becomes Prism's own error
 * answer (a request violation a 422, an answer violation a 500), and every violation is also logged and listed in an
 * {@code sl-violations} header. Needs Node.js with npx; the package comes from the npm registry.
 */
public final class Prism implements AutoCloseable {

    public static final String PACKAGE = "@stoplight/prism-cli@5.14.2";
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private final Process process;
    private final int port;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private Prism(int servicePort, Path document) throws IOException, InterruptedException {
        this.port = freePort();
        ProcessBuilder builder = new ProcessBuilder("npx", "--yes", PACKAGE, "proxy", document.toString(),
                "http://127.0.0.1:" + servicePort, "--errors", "--host", "127.0.0.1", "--port", String.valueOf(port))
                .directory(REPOSITORY.toFile()).redirectErrorStream(true);
        process = builder.start();
        CountDownLatch listening = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                    if (line.contains("Prism is listening on")) {
                        listening.countDown();
                    }
                }
            } catch (IOException closed) {
                // Prism stopped.
            }
        });
        reader.setDaemon(true);
        reader.start();
        if (!listening.await(5, TimeUnit.MINUTES)) {
            close();
            throw new IllegalStateException("Prism did not start:\n" + String.join("\n", output));
        }
    }

    /** Prism in front of the service on {@code servicePort}, listening on a free port once this returns. */
    public static Prism proxyTo(int servicePort) {
        return proxyTo(servicePort, REPOSITORY.resolve("docs/openapi.json"));
    }

    /** The same, checking against another document (a test's altered copy). */
    public static Prism proxyTo(int servicePort, Path document) {
        try {
            return new Prism(servicePort, document.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** Every line Prism printed so far. */
    public List<String> output() {
        return List.copyOf(output);
    }

    /** The requests Prism received (and checked). */
    public long requestsReceived() {
        return output.stream().filter(line -> line.contains("Request received")).count();
    }

    /** The violations Prism logged, and the requests it ended with an error of its own. */
    public List<String> violations() {
        return output.stream().filter(line -> line.contains("Violation") || line.contains("terminated with error"))
                     .toList();
    }

    /** Stops Prism and what npx started for it (npx runs Prism as a child process, which outlives it otherwise). */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
