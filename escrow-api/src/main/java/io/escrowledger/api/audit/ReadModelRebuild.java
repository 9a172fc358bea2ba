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
import java.util.List;
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
    /** Parents first: the order rows are copied back in (and the reverse, the order they are deleted in). */
    static final List<String> TABLES = List.of("escrows", "escrow_milestones", "disputes", "dispute_evidence", "vaults",
            "ledger_transactions", "ledger_accounts", "ledger_entries");

    private final EventStore eventStore;
    private final TransactionTemplate transaction;
    private final JdbcClient jdbc;
    private final List<AnnotationEventHandlerAdapter> projections;
    private final AtomicReference<Progress> current = new AtomicReference<>();

    public ReadModelRebuild(EventStore eventStore, TransactionTemplate transaction, JdbcClient jdbc,
                            EscrowProjection escrows, DisputeProjection disputes, VaultProjection vaults,
                            LedgerProjection ledger) {
        this.eventStore = eventStore;
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.projections = List.of(new AnnotationEventHandlerAdapter(escrows), new AnnotationEventHandlerAdapter(disputes),
                new AnnotationEventHandlerAdapter(vaults), new AnnotationEventHandlerAdapter(ledger));
    }

    /** Where a rebuild stands; rate is events per second so far. */
    public record Progress(String state, long processed, long total, double rate, Instant startedAt,
                           Instant finishedAt, String error) {
    }

    public Progress progress() {
        return current.get();
    }

    /** Starts a rebuild in the background, unless one is running. @return false when one is already running */
    public synchronized boolean start() {
        Progress running = current.get();
        if (running != null && running.state().equals("running")) {
            return false;
        }
        long total = jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
        Instant started = Instant.now();
        current.set(new Progress("running", 0, total, 0, started, null, null));
        Thread worker = new Thread(() -> run(total, started), "read-model-rebuild");
        worker.setDaemon(true);
        worker.start();
        return true;
    }

    /** Runs a whole rebuild in the calling thread (tests, and the background thread of {@link #start()}). */
    public Progress runNow() {
        long total = jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
        Instant started = Instant.now();
        current.set(new Progress("running", 0, total, 0, started, null, null));
        run(total, started);
        return current.get();
    }

    private void run(long total, Instant started) {
        AtomicLong processed = new AtomicLong();
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            prepareCopies();
            while (stream.hasNextAvailable()) {
                replayBatch(stream, processed, total, started);
            }
            swap(stream, processed, total, started);
            finish("done", processed.get(), total, started, null);
        } catch (Exception e) {
            log.error("Read model rebuild failed; the live read models are unchanged", e);
            finish("failed", processed.get(), total, started, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            jdbc.sql("DROP SCHEMA IF EXISTS rebuild CASCADE").update();
        }
    }

    private void prepareCopies() {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("DROP SCHEMA IF EXISTS rebuild CASCADE").update();
            jdbc.sql("CREATE SCHEMA rebuild").update();
            for (String table : TABLES) {
                jdbc.sql("CREATE TABLE rebuild." + table + " (LIKE public." + table
                         + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)").update();
            }
            // Surrogate keys get sequences of their own, so the copy never draws from the live ones.
            for (String[] serial : new String[][]{{"ledger_transactions", "position"}, {"ledger_entries", "entry_id"}}) {
                jdbc.sql("CREATE SEQUENCE rebuild." + serial[0] + "_" + serial[1]).update();
                jdbc.sql("ALTER TABLE rebuild." + serial[0] + " ALTER COLUMN " + serial[1] + " SET DEFAULT nextval('rebuild."
                         + serial[0] + "_" + serial[1] + "')").update();
            }
        });
    }

    private void replayBatch(BlockingStream<TrackedEventMessage<?>> stream, AtomicLong processed, long total,
                             Instant started) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("SET LOCAL search_path TO rebuild, public").update();
            for (int i = 0; i < BATCH && stream.hasNextAvailable(); i++) {
                replay(next(stream));
                processed.incrementAndGet();
            }
        });
        current.set(running(processed.get(), total, started));
    }

    /**
     * The short final step: the live tables are held against writes, the events stored since the copy caught up are
     * replayed into it, and the copy replaces the live rows. Readers keep reading the old rows until the commit.
     */
    private void swap(BlockingStream<TrackedEventMessage<?>> stream, AtomicLong processed, long total, Instant started) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("SET LOCAL lock_timeout = '10s'").update();
            jdbc.sql("LOCK TABLE " + String.join(", ", TABLES) + " IN EXCLUSIVE MODE").update();
            jdbc.sql("SET LOCAL search_path TO rebuild, public").update();
            while (stream.hasNextAvailable()) {
                replay(next(stream));
                processed.incrementAndGet();
            }
            jdbc.sql("SET LOCAL search_path TO public").update();
            for (int i = TABLES.size() - 1; i >= 0; i--) {
                jdbc.sql("DELETE FROM public." + TABLES.get(i)).update();
            }
            for (String table : TABLES) {
                jdbc.sql("INSERT INTO public." + table + " SELECT * FROM rebuild." + table).update();
            }
        });
        current.set(running(processed.get(), total, started));
    }

    private void replay(TrackedEventMessage<?> event) {
        for (AnnotationEventHandlerAdapter projection : projections) {
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

    private static Progress running(long processed, long total, Instant started) {
        return new Progress("running", processed, total, rate(processed, started), started, null, null);
    }

    private void finish(String state, long processed, long total, Instant started, String error) {
        current.set(new Progress(state, processed, Math.max(total, processed), rate(processed, started), started,
                Instant.now(), error));
    }

    private static double rate(long processed, Instant started) {
        double seconds = Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
        return Math.round(processed / seconds * 10) / 10.0;
    }
}
