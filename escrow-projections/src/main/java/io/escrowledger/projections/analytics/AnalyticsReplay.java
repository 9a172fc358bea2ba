package io.escrowledger.projections.analytics;

import io.escrowledger.projections.support.ProjectionTable;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Rebuilds the analytics schema from the event store while commands go on: the tables are emptied, then every event
 * is replayed through {@link AnalyticsProjection}'s handlers, in global order, a thousand to a transaction. Commands
 * keep writing the analytics rows of their own events meanwhile; since each escrow's row remembers the last event
 * applied to it, every event ends up applied once, whichever of the two gets there first. Analytics answers are
 * partial until the replay has caught up; {@link #remaining} says how far it has to go.
 */
@Component
public class AnalyticsReplay {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsReplay.class);
    private static final int BATCH = 1000;
    /** After the stream seems done: how long it may take to show an event committed late with an earlier index. */
    private static final int SETTLE_MILLIS = 1000;

    private final EventStore eventStore;
    private final TransactionTemplate transaction;
    private final JdbcClient jdbc;
    private final AnnotationEventHandlerAdapter handlers;
    /** The global index the running replay has reached; -1 when none runs. */
    private final AtomicLong position = new AtomicLong(-1);

    public AnalyticsReplay(EventStore eventStore, TransactionTemplate transaction, JdbcClient jdbc,
                           AnalyticsProjection projection) {
        this.eventStore = eventStore;
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.handlers = new AnnotationEventHandlerAdapter(projection);
    }

    /** Starts a replay in the background. @return false when one is running already */
    public boolean start() {
        if (!position.compareAndSet(-1, 0)) {
            return false;
        }
        Thread replay = new Thread(this::run, "analytics-replay");
        replay.setDaemon(true);
        replay.start();
        return true;
    }

    /** Events stored beyond the running replay's position; 0 when none runs. */
    public long remaining() {
        long reached = position.get();
        if (reached < 0) {
            return 0;
        }
        long head = jdbc.sql("SELECT coalesce(max(global_index), 0) FROM domain_event_entry").query(Long.class)
                        .single();
        return Math.max(0, head - reached);
    }

    private void run() {
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            jdbc.sql("TRUNCATE " + AnalyticsProjection.TABLES.stream().map(ProjectionTable::name)
                                                     .collect(Collectors.joining(", "))).update();
            while (stream.hasNextAvailable(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) {
                replayBatch(stream);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Analytics replay interrupted: its tables are partial until it is run again");
        } catch (RuntimeException e) {
            log.error("Analytics replay failed: its tables are partial until it is run again", e);
        } finally {
            position.set(-1);
        }
    }

    private void replayBatch(BlockingStream<TrackedEventMessage<?>> stream) {
        transaction.executeWithoutResult(status -> {
            List<TrackedEventMessage<?>> batch = new ArrayList<>();
            try {
                while (batch.size() < BATCH && stream.hasNextAvailable()) {
                    batch.add(stream.nextAvailable());
                }
                for (TrackedEventMessage<?> event : batch) {
                    if (handlers.canHandle(event)) {
                        handlers.handle(event);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException("Could not replay the analytics events", e);
            }
            batch.get(batch.size() - 1).trackingToken().position().ifPresent(position::set);
        });
    }
}
