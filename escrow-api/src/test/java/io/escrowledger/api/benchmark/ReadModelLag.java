package io.escrowledger.api.benchmark;

import com.sun.net.httpserver.HttpServer;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Projection lag: for a sample of the answers of an open run, how long after the answer arrived each read model showed
 * what the command did. The command's events are committed before its answer is sent, so this is the time from the
 * commit to the row, plus the answer's trip back (well under a millisecond here). For each sampled answer the
 * escrow's latest event sequence is read at once; an observer then polls every read model for all the samples still
 * waiting, one query per read model every {@link #POLL_NANOS}, so the measuring costs the same however many samples
 * wait, and a slow read model does not delay the others' figures. Webhooks are not a read model but follow the event
 * store the same way; their lag is until the receiver here got the message of that sequence.
 */
final class ReadModelLag implements AutoCloseable {

    /**
     * The read models, each with the query that reads, for a set of escrow (or vault) ids, how far each one's row has
     * got: an event sequence, or 0 when the row the step creates is there.
     */
    enum ReadModel {
        ESCROWS("SELECT escrow_id, last_event_sequence FROM escrows WHERE escrow_id = ANY(?)"),
        EVENT_CHAIN("""
                    SELECT aggregate_identifier, max(sequence_number) FROM event_chain
                    WHERE aggregate_identifier = ANY(?) GROUP BY aggregate_identifier"""),
        DISPUTES("SELECT escrow_id, 0 FROM disputes WHERE escrow_id = ANY(?)"),
        LEDGER("SELECT escrow_id, 0 FROM ledger_transactions WHERE kind = 'escrow_hold' AND escrow_id = ANY(?)"),
        /** The client's vault holds the escrow's amount from its creation until the client releases it, a turn later. */
        VAULTS("SELECT vault_id, 0 FROM vaults WHERE held >= " + Flow.ESCROW_TOTAL + " AND vault_id = ANY(?)"),
        ANALYTICS("SELECT escrow_id, last_event_sequence FROM analytics.escrows WHERE escrow_id = ANY(?)"),
        WEBHOOKS(null);

        final String progress;

        ReadModel(String progress) {
            this.progress = progress;
        }
    }

    /** The events that move the escrow row's last_event_sequence (EscrowProjection); the others leave it be. */
    private static final String ESCROW_ROW_EVENTS = """
            SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?
               AND substring(payload_type from '[^.]*$') IN ('EscrowCreatedEvent', 'FundsHeldEvent',
                   'EscrowFundedFromVaultEvent', 'DeliverableSubmittedEvent', 'EscrowClosedEvent',
                   'DisputeOpenedEvent', 'DisputeResolvedEvent', 'EscrowExpiredEvent', 'ReleaseConditionMetEvent')""";

    /** One read model's wait for one answer: until the row of {@code key} reaches {@code sequence}. */
    private record Pending(ReadModel model, String key, long sequence, long answeredAt) {
    }

    private static final long POLL_NANOS = 5_000_000;
    private static final Pattern WEBHOOK = Pattern.compile("\"escrow_id\":\"([^\"]+)\",\"sequence\":(\\d+)");

    private final JdbcClient jdbc;
    private final long patienceNanos;
    private final HttpServer receiver;
    private final Map<String, Long> webhooksArrived = new ConcurrentHashMap<>();
    private final BlockingQueue<Load.Answered> samples = new ArrayBlockingQueue<>(10_000);
    private final Map<ReadModel, List<Long>> lags = new ConcurrentHashMap<>();
    private final Map<ReadModel, Long> timedOut = new ConcurrentHashMap<>();
    private final Map<ReadModel, Long> registered = new ConcurrentHashMap<>();
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
    private final ExecutorService samplers = Executors.newFixedThreadPool(2);
    private volatile boolean sampling;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    /** @param patience how long a sample waits for its read model before it counts as never seen */
    ReadModelLag(JdbcClient jdbc, Duration patience) {
        this.jdbc = jdbc;
        this.patienceNanos = patience.toNanos();
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


    /** Starts measuring the answers given to {@link #offer}. */
    void start() {
        sampling = true;
        samplers.submit(() -> guarded(this::registerLoop));
        samplers.submit(() -> guarded(this::observeLoop));
    }

    /** An answer to sample; dropped when the samplers are behind, so measuring never slows the load down. */
    void offer(Load.Answered answered) {
        if (sampling && answered.sent().ok() && answered.sent().escrowId() != null) {
            samples.offer(answered);
        }
    }

    /** Stops sampling once every sample is measured. @return the lags, in milliseconds, sorted */
    Map<ReadModel, double[]> finish() {
        while ((!samples.isEmpty() || !pending.isEmpty()) && failure.get() == null) {
            LockSupport.parkNanos(10_000_000);
        }
        sampling = false;
        samplers.shutdown();
        try {
            samplers.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Measuring the projection lag failed", failure.get());
        }
        Map<ReadModel, double[]> result = new TreeMap<>();
        lags.forEach((model, nanos) -> result.put(model,
                nanos.stream().mapToDouble(lag -> lag / 1e6).sorted().toArray()));
        return result;
    }

    /** Whether every read model has at least {@code samples} answers waiting for it or measured. */
    boolean hasSampled(int samples) {
        return Arrays.stream(ReadModel.values()).allMatch(model -> registered.getOrDefault(model, 0L) >= samples);
    }

    Map<ReadModel, Long> timedOut() {
        return Map.copyOf(timedOut);
    }

    private void guarded(Runnable loop) {
        try {
            loop.run();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Reads each sampled answer's event sequences at once, and leaves a wait for each read model the step touches. */
    private void registerLoop() {
        while (sampling) {
            Load.Answered answered;
            try {
                answered = samples.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (answered == null) {
                continue;
            }
            String escrow = answered.sent().escrowId();
            long sequence = jdbc.sql("SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?")
                                .param(escrow).query(Long.class).single();
            long at = answered.atNanos();
            List<Pending> waits = new ArrayList<>(List.of(new Pending(ReadModel.EVENT_CHAIN, escrow, sequence, at),
                    new Pending(ReadModel.ANALYTICS, escrow, sequence, at),
                    new Pending(ReadModel.WEBHOOKS, escrow, sequence, at)));
            switch (answered.sent().step()) {
                case CREATE, CREATE_FROM_VAULT, FUND, DELIVER, RELEASE, OPEN_DISPUTE, DECIDE -> waits.add(
                        new Pending(ReadModel.ESCROWS, escrow,
                                jdbc.sql(ESCROW_ROW_EVENTS).param(escrow).query(Long.class).single(), at));
                default -> {
                }
            }
            switch (answered.sent().step()) {
                case OPEN_DISPUTE -> waits.add(new Pending(ReadModel.DISPUTES, escrow, 0, at));
                case CREATE_FROM_VAULT -> waits.addAll(List.of(new Pending(ReadModel.LEDGER, escrow, 0, at),
                        new Pending(ReadModel.VAULTS, answered.vaultId(), 0, at)));
                default -> {
                }
            }
            pending.addAll(waits);
            waits.forEach(wait -> registered.merge(wait.model(), 1L, Long::sum));
        }
    }

    /** Every {@link #POLL_NANOS}: one query per read model for all its waits; what is there is measured. */
    private void observeLoop() {
        while (sampling) {
            for (ReadModel model : ReadModel.values()) {
                List<Pending> waiting = pending.stream().filter(wait -> wait.model() == model).toList();
                if (waiting.isEmpty()) {
                    continue;
                }
                Map<String, Long> progress = progress(model, waiting);
                long now = System.nanoTime();
                for (Pending wait : waiting) {
                    Long reached = progress.get(wait.key());
                    if (reached != null && reached >= wait.sequence()) {
                        long seen = model == ReadModel.WEBHOOKS ? webhooksArrived.get(wait.key() + "#" + wait.sequence())
                                                                : now;
                        lags.computeIfAbsent(model, m -> Collections.synchronizedList(new ArrayList<>()))
                            .add(Math.max(0, seen - wait.answeredAt()));
                        pending.remove(wait);
                    } else if (now - wait.answeredAt() > patienceNanos) {
                        timedOut.merge(model, 1L, Long::sum);
                        pending.remove(wait);
                    }
                }
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** How far each waited-for row has got in this read model. */
    private Map<String, Long> progress(ReadModel model, List<Pending> waiting) {
        Map<String, Long> progress = new HashMap<>();
        if (model == ReadModel.WEBHOOKS) {
            for (Pending wait : waiting) {
                if (webhooksArrived.containsKey(wait.key() + "#" + wait.sequence())) {
                    progress.put(wait.key(), wait.sequence());
                }
            }
            return progress;
        }
        String[] keys = waiting.stream().map(Pending::key).distinct().toArray(String[]::new);
        jdbc.sql(model.progress).param(keys).query((row, n) -> progress.merge(row.getString(1), row.getLong(2),
                Math::max)).list();
        return progress;
    }

    @Override
    public void close() {
        sampling = false;
        samplers.shutdownNow();
        receiver.stop(0);
        ((ExecutorService) receiver.getExecutor()).shutdownNow();
    }
}
