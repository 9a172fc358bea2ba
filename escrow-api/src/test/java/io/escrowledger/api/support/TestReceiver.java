package io.escrowledger.api.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

/** A webhook receiver on loopback, as an integrator would run one: it records every request and answers as told. */
public final class TestReceiver implements AutoCloseable {

    /**
     * One request as received, with header names in lower case: when (the test's clock), the port it came from,
     * and who sent it when the receiver was told how to tell ({@link #identifySenders}; null otherwise).
     */
    public record Received(Map<String, List<String>> headers, String body, int answered, Instant at, int peerPort,
                           String sender) {

        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile IntSupplier status = () -> 204;
    private volatile IntFunction<String> senders = peerPort -> null;
    private final AtomicReference<Consumer<Received>> beforeNextAnswer = new AtomicReference<>();

    public TestReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** How to answer from now on, decided per request (for example: 500 three times, then 200). */
    public void answer(IntSupplier status) {
        this.status = status;
    }

    /** Tells each request's sender from now on, by the port its connection comes from. */
    public void identifySenders(IntFunction<String> senderByPeerPort) {
        this.senders = senderByPeerPort;
    }

    /**
     * Hands the next request, once, to {@code hold} before answering it: it may take as long as it likes, and the
     * sender waits for the answer meanwhile. The request is recorded with the answer given afterwards.
     */
    public void beforeAnsweringNext(Consumer<Received> hold) {
        beforeNextAnswer.set(hold);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests answered with a 2xx: the messages the receiver accepted. */
    public List<Received> accepted() {
        return received.stream().filter(r -> r.answered() / 100 == 2).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Instant at = Instant.now();
        int peerPort = exchange.getRemoteAddress().getPort();
        String sender = senders.apply(peerPort);
        Consumer<Received> hold = beforeNextAnswer.getAndSet(null);
        if (hold != null) {
            hold.accept(new Received(headers, body, 0, at, peerPort, sender));
        }
        int answer = status.getAsInt();
        received.add(new Received(headers, body, answer, at, peerPort, sender));
        exchange.sendResponseHeaders(answer, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
