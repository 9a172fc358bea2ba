package io.escrowledger.api.audit;

import io.escrowledger.projections.dispute.DisputeProjection;
import io.escrowledger.projections.escrow.EscrowProjection;
import io.escrowledger.projections.ledger.LedgerProjection;
import io.escrowledger.projections.vault.VaultProjection;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

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
     * What can be rebuilt, with its tables (parents first: the order rows are copied back in, the reverse the order
     * they are deleted in) and its projections. Escrows and disputes go together: a dispute row belongs to its escrow's.
     */
    public enum ReadModel {
        ESCROWS(List.of("escrows", "escrow_milestones", "disputes", "dispute_evidence")),
        VAULTS(List.of("vaults")),
        LEDGER(List.of("ledger_transactions", "ledger_accounts", "ledger_entries")),
        ALL(List.of("escrows", "escrow_milestones", "disputes", "dispute_evidence", "vaults", "ledger_transactions",
                "ledger_accounts", "ledger_entries"));

        private final List<String> tables;

        ReadModel(List<String> tables) {
            this.tables = tables;
        }

        public List<String> tables() {
            return tables;
        }
    }

    private final EventStore eventStore;
    private final TransactionTemplate transaction;
    private final JdbcClient jdbc;
    private final Map<ReadModel, List<AnnotationEventHandlerAdapter>> projections;
    private final AtomicReference<Progress> current = new AtomicReference<>();

    public ReadModelRebuild(EventStore eventStore, TransactionTemplate transaction, JdbcClient jdbc,
                            EscrowProjection escrows, DisputeProjection disputes, VaultProjection vaults,
                            LedgerProjection ledger) {
        this.eventStore = eventStore;
        this.transaction = transaction;
        this.jdbc = jdbc;
        AnnotationEventHandlerAdapter escrowHandlers = new AnnotationEventHandlerAdapter(escrows);
        AnnotationEventHandlerAdapter disputeHandlers = new AnnotationEventHandlerAdapter(disputes);
        AnnotationEventHandlerAdapter vaultHandlers = new AnnotationEventHandlerAdapter(vaults);
        AnnotationEventHandlerAdapter ledgerHandlers = new AnnotationEventHandlerAdapter(ledger);
        this.projections = new EnumMap<>(Map.of(
                ReadModel.ESCROWS, List.of(escrowHandlers, disputeHandlers),
                ReadModel.VAULTS, List.of(vaultHandlers),
                ReadModel.LEDGER, List.of(ledgerHandlers),
                ReadModel.ALL, List.of(escrowHandlers, disputeHandlers, vaultHandlers, ledgerHandlers)));
    }

    /** Where a rebuild stands; rate is events per second so far. */
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

    /** Runs a whole rebuild in the calling thread. */
    public synchronized Progress runNow(ReadModel readModel) {
        Progress starting = starting(readModel);
        run(readModel, starting.total(), starting.startedAt());
        return current.get();
    }

    private Progress starting(ReadModel readModel) {
        long total = jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
        Progress starting = new Progress(readModel, "running", 0, total, 0, Instant.now(), null, null);
        current.set(starting);
        return starting;
    }

    private void run(ReadModel readModel, long total, Instant started) {
        List<String> tables = readModel.tables();
        List<AnnotationEventHandlerAdapter> handlers = projections.get(readModel);
        AtomicLong processed = new AtomicLong();
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            prepareCopies(tables);
            while (stream.hasNextAvailable()) {
                replayBatch(stream, handlers, processed, readModel, total, started);
            }
            swap(stream, tables, handlers, processed, readModel, total, started);
            finish(readModel, "done", processed.get(), total, started, null);
        } catch (Exception e) {
            log.error("Read model rebuild failed; the live read models are unchanged", e);
            finish(readModel, "failed", processed.get(), total, started,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            jdbc.sql("DROP SCHEMA IF EXISTS rebuild CASCADE").update();
        }
    }

    private void prepareCopies(List<String> tables) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("DROP SCHEMA IF EXISTS rebuild CASCADE").update();
            jdbc.sql("CREATE SCHEMA rebuild").update();
            for (String table : tables) {
                jdbc.sql("CREATE TABLE rebuild." + table + " (LIKE public." + table
                         + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)").update();
            }
            // Surrogate keys get sequences of their own, so the copy never draws from the live ones.
            for (String[] serial : new String[][]{{"ledger_transactions", "position"}, {"ledger_entries", "entry_id"}}) {
                if (!tables.contains(serial[0])) {
                    continue;
                }
                jdbc.sql("CREATE SEQUENCE rebuild." + serial[0] + "_" + serial[1]).update();
                jdbc.sql("ALTER TABLE rebuild." + serial[0] + " ALTER COLUMN " + serial[1] + " SET DEFAULT nextval('rebuild."
                         + serial[0] + "_" + serial[1] + "')").update();
            }
        });
    }

    private void replayBatch(BlockingStream<TrackedEventMessage<?>> stream, List<AnnotationEventHandlerAdapter> handlers,
                             AtomicLong processed, ReadModel readModel, long total, Instant started) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("SET LOCAL search_path TO rebuild, public").update();
            for (int i = 0; i < BATCH && stream.hasNextAvailable(); i++) {
                replay(next(stream), handlers);
                processed.incrementAndGet();
            }
        });
        current.set(running(readModel, processed.get(), total, started));
    }

    /**
     * The short final step: the live tables are held against writes, the events stored since the copy caught up are
     * replayed into it, and the copy replaces the live rows. Readers keep reading the old rows until the commit.
     */
    private void swap(BlockingStream<TrackedEventMessage<?>> stream, List<String> tables,
                      List<AnnotationEventHandlerAdapter> handlers, AtomicLong processed, ReadModel readModel, long total,
                      Instant started) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("SET LOCAL lock_timeout = '10s'").update();
            jdbc.sql("LOCK TABLE " + String.join(", ", tables) + " IN EXCLUSIVE MODE").update();
            jdbc.sql("SET LOCAL search_path TO rebuild, public").update();
            while (stream.hasNextAvailable()) {
                replay(next(stream), handlers);
                processed.incrementAndGet();
            }
            jdbc.sql("SET LOCAL search_path TO public").update();
            for (int i = tables.size() - 1; i >= 0; i--) {
                jdbc.sql("DELETE FROM public." + tables.get(i)).update();
            }
            for (String table : tables) {
                jdbc.sql("INSERT INTO public." + table + " SELECT * FROM rebuild." + table).update();
            }
        });
        current.set(running(readModel, processed.get(), total, started));
    }

    private static void replay(TrackedEventMessage<?> event, List<AnnotationEventHandlerAdapter> handlers) {
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
