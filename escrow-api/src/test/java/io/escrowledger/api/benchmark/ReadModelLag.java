package io.escrowledger.api.benchmark;

import com.sun.net.httpserver.HttpServer;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Projection lag: for a sample of the answers of an open run, how long after the answer arrived each read model showed
 * what the command did. The command's events are committed before its answer is sent, so this is the time from the
 * commit to the row, plus the answer's trip back (well under a millisecond here). For each sampled answer the
 * escrow's latest event sequence is read, then every read model the step touches is polled every
 * {@link #POLL_NANOS} until it has that sequence (or the row the step creates). Webhooks are not a read model but
 * follow the event store the same way; their lag is until the receiver here got the message of that sequence.
 */
final class ReadModelLag implements AutoCloseable {

    /** The read models, with the query that says whether one shows an escrow's event (escrow id, sequence). */
    enum ReadModel {
        ESCROWS("SELECT count(*) FROM escrows WHERE escrow_id = ? AND last_event_sequence >= ?"),
        EVENT_CHAIN("SELECT count(*) FROM event_chain WHERE aggregate_identifier = ? AND sequence_number >= ?"),
        DISPUTES("SELECT count(*) FROM disputes WHERE escrow_id = ? AND ? >= 0"),
        LEDGER("SELECT count(*) FROM ledger_transactions WHERE escrow_id = ? AND kind = 'escrow_hold' AND ? >= 0"),
        VAULTS(null),
        ANALYTICS("SELECT count(*) FROM analytics.escrows WHERE escrow_id = ? AND last_event_sequence >= ?"),
        WEBHOOKS(null);

        final String visible;

        ReadModel(String visible) {
            this.visible = visible;
        }
    }

    private static final long POLL_NANOS = 2_000_000;
    private static final long GIVE_UP_NANOS = 30_000_000_000L;
    private static final Pattern WEBHOOK = Pattern.compile("\"escrow_id\":\"([^\"]+)\",\"sequence\":(\\d+)");

    private final JdbcClient jdbc;
    private final HttpServer receiver;
    private final Map<String, Long> webhooksArrived = new ConcurrentHashMap<>();
    private final BlockingQueue<Load.Answered> samples = new ArrayBlockingQueue<>(10_000);
    private final Map<ReadModel, List<Long>> lags = new ConcurrentHashMap<>();
    private final Map<ReadModel, Long> timedOut = new ConcurrentHashMap<>();
    private final ExecutorService samplers = Executors.newFixedThreadPool(4);
    private volatile boolean sampling;

    ReadModelLag(JdbcClient jdbc) {
        this.jdbc = jdbc;
        try {
            receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/hooks", exchange -> {
            long at = System.nanoTime();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher message = WEBHOOK.matcher(body);
            if (message.find()) {
                webhooksArrived.putIfAbsent(message.group(1) + "#" + message.group(2), at);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    /** Where the service should send webhooks. */
    String webhookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
    }

    long webhooksReceived() {
        return webhooksArrived.size();
    }

    /** Starts measuring the answers given to {@link #offer}. */
    void start() {
        sampling = true;
        for (int i = 0; i < 4; i++) {
            samplers.submit(this::sampleLoop);
        }
    }

    /** An answer to sample; dropped when the samplers are behind, so measuring never slows the load down. */
    void offer(Load.Answered answered) {
        if (sampling && answered.sent().ok() && answered.sent().escrowId() != null) {
            samples.offer(answered);
        }
    }

    /** Stops sampling once the queued samples are measured. @return the lags, in milliseconds, sorted */
    Map<ReadModel, double[]> finish() {
        while (!samples.isEmpty()) {
            LockSupport.parkNanos(10_000_000);
        }
        sampling = false;
        samplers.shutdown();
        try {
            samplers.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<ReadModel, double[]> result = new TreeMap<>();
        lags.forEach((model, nanos) -> result.put(model,
                nanos.stream().mapToDouble(lag -> lag / 1e6).sorted().toArray()));
        return result;
    }

    Map<ReadModel, Long> timedOut() {
        return Map.copyOf(timedOut);
    }

    private void sampleLoop() {
        while (sampling) {
            try {
                Load.Answered answered = samples.poll(100, TimeUnit.MILLISECONDS);
                if (answered != null) {
                    measure(answered);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void measure(Load.Answered answered) {
        String escrow = answered.sent().escrowId();
        long sequence = jdbc.sql("SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?")
                            .param(escrow).query(Long.class).single();
        List<ReadModel> models = new ArrayList<>(List.of(ReadModel.ESCROWS, ReadModel.EVENT_CHAIN,
                ReadModel.ANALYTICS, ReadModel.WEBHOOKS));
        switch (answered.sent().step()) {
            case OPEN_DISPUTE -> models.add(ReadModel.DISPUTES);
            case CREATE_FROM_VAULT -> models.addAll(List.of(ReadModel.LEDGER, ReadModel.VAULTS));
            default -> {
            }
        }
        String vaultEvent = models.contains(ReadModel.VAULTS) ? jdbc.sql("""
                SELECT time_stamp FROM domain_event_entry WHERE aggregate_identifier = ?
                ORDER BY sequence_number DESC LIMIT 1""").param(answered.vaultId()).query(String.class).single() : null;
        for (ReadModel model : models) {
            long visibleAt = awaitVisible(model, escrow, sequence, answered.vaultId(), vaultEvent);
            if (visibleAt < 0) {
                timedOut.merge(model, 1L, Long::sum);
            } else {
                lags.computeIfAbsent(model, m -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(Math.max(0, visibleAt - answered.atNanos()));
            }
        }
    }

    /** @return when the read model first showed the event (System.nanoTime), or -1 if it never did */
    private long awaitVisible(ReadModel model, String escrow, long sequence, String vault, String vaultEvent) {
        long giveUp = System.nanoTime() + GIVE_UP_NANOS;
        while (System.nanoTime() < giveUp) {
            boolean visible = switch (model) {
                case WEBHOOKS -> webhooksArrived.containsKey(escrow + "#" + sequence);
                case VAULTS -> jdbc.sql("SELECT count(*) FROM vaults WHERE vault_id = ? AND updated_at >= ?::timestamptz")
                                   .params(vault, vaultEvent).query(Long.class).single() > 0;
                default -> jdbc.sql(model.visible).params(escrow, sequence).query(Long.class).single() > 0;
            };
            if (visible) {
                Long arrived = model == ReadModel.WEBHOOKS ? webhooksArrived.get(escrow + "#" + sequence) : null;
                return arrived != null ? arrived : System.nanoTime();
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return -1;
    }

    @Override
    public void close() {
        sampling = false;
        samplers.shutdownNow();
        receiver.stop(0);
        ((ExecutorService) receiver.getExecutor()).shutdownNow();
    }
}
