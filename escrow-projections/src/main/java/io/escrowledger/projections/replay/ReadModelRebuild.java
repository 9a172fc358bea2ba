package io.escrowledger.projections.replay;

import io.escrowledger.projections.dispute.DisputeProjection;
import io.escrowledger.projections.support.ProjectionTable;
import io.escrowledger.projections.escrow.EscrowProjection;
import io.escrowledger.projections.ledger.LedgerProjection;
import io.escrowledger.projections.payout.PayoutProjection;
import io.escrowledger.projections.vault.VaultProjection;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Rebuilds the read models (escrows, disputes, vaults, ledger) from the event store while the service keeps serving.
 * The events are replayed, in global order and in batches, through the very projection handlers that keep the live
 * tables, but into copies of the tables in a schema of their own ({@code rebuild}). Then, in one short transaction that
 * holds the live tables against writes (reads go on), the events stored meanwhile are replayed too and the copies
 * replace the live rows. The event chain is never rebuilt (it is the evidence), and webhooks are untouched (their
 * processor is separate and refuses replays).
 */
@Component
public class ReadModelRebuild {

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);
    private static final int BATCH = 1000;
    /**
     * What can be rebuilt, with the tables its projections declare (parents first: the order rows are copied back in,
     * the reverse the order they are deleted in). Escrows and disputes go together: a dispute row belongs to its
     * escrow's.
     */
    public enum ReadModel {
        ESCROWS(EscrowProjection.TABLES, DisputeProjection.TABLES, PayoutProjection.TABLES),
        VAULTS(VaultProjection.TABLES),
        LEDGER(LedgerProjection.TABLES),
        ALL(ESCROWS.tables, VAULTS.tables, LEDGER.tables);

        private final List<ProjectionTable> tables;

        @SafeVarargs
        ReadModel(List<ProjectionTable>... tables) {
            this.tables = Stream.of(tables).flatMap(List::stream).toList();
        }

        public List<ProjectionTable> tables() {
            return tables;
        }
    }

    private final EventStore eventStore;
    private final TransactionTemplate transaction;
    private final JdbcClient jdbc;
    private final Map<ReadModel, List<AnnotationEventHandlerAdapter>> projections;
    private final AtomicReference<Progress> current = new AtomicReference<>();
    /** The global index of the last event replayed into the copy. */
    private final AtomicLong lastIndex = new AtomicLong();

    public ReadModelRebuild(EventStore eventStore, TransactionTemplate transaction, JdbcClient jdbc,
                            EscrowProjection escrows, DisputeProjection disputes, VaultProjection vaults,
                            LedgerProjection ledger, PayoutProjection payouts) {
        this.eventStore = eventStore;
        this.transaction = transaction;
        this.jdbc = jdbc;
        AnnotationEventHandlerAdapter escrowHandlers = new AnnotationEventHandlerAdapter(escrows);
        AnnotationEventHandlerAdapter disputeHandlers = new AnnotationEventHandlerAdapter(disputes);
        AnnotationEventHandlerAdapter vaultHandlers = new AnnotationEventHandlerAdapter(vaults);
        AnnotationEventHandlerAdapter ledgerHandlers = new AnnotationEventHandlerAdapter(ledger);
        AnnotationEventHandlerAdapter payoutHandlers = new AnnotationEventHandlerAdapter(payouts);
        this.projections = new EnumMap<>(Map.of(
                ReadModel.ESCROWS, List.of(escrowHandlers, disputeHandlers, payoutHandlers),
                ReadModel.VAULTS, List.of(vaultHandlers),
                ReadModel.LEDGER, List.of(ledgerHandlers)));
        projections.put(ReadModel.ALL, Stream.of(ReadModel.ESCROWS, ReadModel.VAULTS, ReadModel.LEDGER)
                                             .flatMap(model -> projections.get(model).stream()).toList());
    }

    /**
     * Where a rebuild stands.
     *
     * @param state     running, done or failed (which leaves the live read models as they were)
     * @param total     the events in the store when the rebuild started (at the end, at least processed)
     * @param rate      events per second so far
     * @param error     why it failed; null unless it did
     */
    public record Progress(ReadModel readModel, String state, long processed, long total, double rate,
                           Instant startedAt, Instant finishedAt, String error) {
    }

    public Progress progress() {
        return current.get();
    }

    /** Starts a rebuild in the background, unless one is running. @return false when one is already running */
    public synchronized boolean start(ReadModel readModel) {
        Progress running = current.get();
        if (running != null && running.state().equals("running")) {
            return false;
        }
        Progress starting = starting(readModel);
        Thread worker = new Thread(() -> run(readModel, starting.total(), starting.startedAt()), "read-model-rebuild");
        worker.setDaemon(true);
        worker.start();
        return true;
    }

    /** Runs a whole rebuild in the calling thread, unless one is running. */
    public synchronized Progress runNow(ReadModel readModel) {
        Progress running = current.get();
        if (running != null && running.state().equals("running")) {
            throw new IllegalStateException("A rebuild is already running");
        }
        Progress starting = starting(readModel);
        run(readModel, starting.total(), starting.startedAt());
        return current.get();
    }

    private Progress starting(ReadModel readModel) {
        lastIndex.set(0);
        long total = jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
        Progress starting = new Progress(readModel, "running", 0, total, 0, Instant.now(), null, null);
        current.set(starting);
        return starting;
    }

    private void run(ReadModel readModel, long total, Instant started) {
        List<ProjectionTable> tables = readModel.tables();
        List<AnnotationEventHandlerAdapter> handlers = projections.get(readModel);
        // A schema of this run's own, and a search path with nothing else: if the copy went missing, replayed
        // statements would fail instead of landing in the live tables.
        String schema = "rebuild_" + Long.toHexString(System.nanoTime());
        AtomicLong processed = new AtomicLong();
        String outcome = "done";
        String error = null;
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            prepareCopies(schema, tables);
            while (stream.hasNextAvailable()) {
                replayBatch(schema, stream, handlers, processed, readModel, total, started);
            }
            swap(schema, stream, tables, handlers, processed, readModel, total, started);
        } catch (Exception e) {
            log.error("Read model rebuild failed; the live read models are unchanged", e);
            outcome = "failed";
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        } finally {
            jdbc.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update();
        }
        finish(readModel, outcome, processed.get(), total, started, error);
    }

    private void prepareCopies(String schema, List<ProjectionTable> tables) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("CREATE SCHEMA " + schema).update();
            for (ProjectionTable table : tables) {
                String copy = schema + "." + table.name();
                jdbc.sql("CREATE TABLE " + copy + " (LIKE public." + table.name()
                         + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)").update();
                if (table.serialColumn() != null) {
                    // A sequence of the copy's own, so the copy never draws from the live one.
                    String sequence = copy + "_" + table.serialColumn();
                    jdbc.sql("CREATE SEQUENCE " + sequence).update();
                    jdbc.sql("ALTER TABLE " + copy + " ALTER COLUMN " + table.serialColumn()
                             + " SET DEFAULT nextval('" + sequence + "')").update();
                }
            }
        });
    }

    private void replayBatch(String schema, BlockingStream<TrackedEventMessage<?>> stream,
                             List<AnnotationEventHandlerAdapter> handlers, AtomicLong processed, ReadModel readModel,
                             long total, Instant started) {
        transaction.executeWithoutResult(status -> {
            // Events are read first: the event store's own queries need the live schema on this connection.
            List<TrackedEventMessage<?>> batch = new ArrayList<>();
            while (batch.size() < BATCH && stream.hasNextAvailable()) {
                batch.add(next(stream));
            }
            replayInto(schema, batch, handlers);
            processed.addAndGet(batch.size());
            batch.get(batch.size() - 1).trackingToken().position().ifPresent(lastIndex::set);
        });
        current.set(running(readModel, processed.get(), total, started));
    }

    /**
     * The final step: the live tables are held against writes (commands wait, readers keep reading the old rows), the
     * events committed until then are replayed into the copy — waiting for the stream to reach the newest of them,
     * since it learns of new events a little after they commit — and the copy replaces the live rows.
     */
    private void swap(String schema, BlockingStream<TrackedEventMessage<?>> stream, List<ProjectionTable> tables,
                      List<AnnotationEventHandlerAdapter> handlers, AtomicLong processed, ReadModel readModel, long total,
                      Instant started) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("SET LOCAL lock_timeout = '10s'").update();
            List<String> names = tables.stream().map(ProjectionTable::name).toList();
            jdbc.sql("LOCK TABLE " + String.join(", ", names) + " IN EXCLUSIVE MODE").update();
            long newest = jdbc.sql("SELECT coalesce(max(global_index), 0) FROM domain_event_entry")
                              .query(Long.class).single();
            List<TrackedEventMessage<?>> rest = new ArrayList<>();
            long reached = lastIndex.get();
            while (reached < newest) {
                TrackedEventMessage<?> event = nextWithin(stream, Duration.ofSeconds(30));
                rest.add(event);
                reached = event.trackingToken().position().orElse(reached);
            }
            replayInto(schema, rest, handlers);
            processed.addAndGet(rest.size());
            for (int i = names.size() - 1; i >= 0; i--) {
                jdbc.sql("DELETE FROM public." + names.get(i)).update();
            }
            for (String table : names) {
                jdbc.sql("INSERT INTO public." + table + " SELECT * FROM " + schema + "." + table).update();
            }
        });
        current.set(running(readModel, processed.get(), total, started));
    }

    /** Replays events into the copy: with a search path of the copy's schema alone, then back to the live one. */
    private void replayInto(String schema, List<TrackedEventMessage<?>> events,
                            List<AnnotationEventHandlerAdapter> handlers) {
        if (events.isEmpty()) {
            return;
        }
        jdbc.sql("SET LOCAL search_path TO " + schema).update();
        for (TrackedEventMessage<?> event : events) {
            replay(event, handlers);
        }
        jdbc.sql("SET LOCAL search_path TO public").update();
    }

    /** Hands one stored event to every handler of a read model that takes it (shared with {@link PastViews}). */
    static void replay(EventMessage<?> event, List<AnnotationEventHandlerAdapter> handlers) {
        for (AnnotationEventHandlerAdapter projection : handlers) {
            try {
                if (projection.canHandle(event)) {
                    projection.handle(event);
                }
            } catch (Exception e) {
                throw new IllegalStateException("Could not replay event " + event.getIdentifier(), e);
            }
        }
    }

    private static TrackedEventMessage<?> nextWithin(BlockingStream<TrackedEventMessage<?>> stream, Duration patience) {
        try {
            if (!stream.hasNextAvailable((int) patience.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("The event stream did not reach the newest committed event");
            }
            return stream.nextAvailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Rebuild interrupted", e);
        }
    }

    private static TrackedEventMessage<?> next(BlockingStream<TrackedEventMessage<?>> stream) {
        try {
            return stream.nextAvailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Rebuild interrupted", e);
        }
    }

    private static Progress running(ReadModel readModel, long processed, long total, Instant started) {
        return new Progress(readModel, "running", processed, total, rate(processed, started), started, null, null);
    }

    private void finish(ReadModel readModel, String state, long processed, long total, Instant started, String error) {
        current.set(new Progress(readModel, state, processed, Math.max(total, processed), rate(processed, started),
                started, Instant.now(), error));
    }

    private static double rate(long processed, Instant started) {
        double seconds = Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
        return Math.round(processed / seconds * 10) / 10.0;
    }
}
