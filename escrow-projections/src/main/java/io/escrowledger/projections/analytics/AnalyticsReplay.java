package io.escrowledger.projections.analytics;

import io.escrowledger.projections.audit.BrokenChainException;
import io.escrowledger.projections.support.ProjectionTable;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Rebuilds the analytics schema from the event store while commands go on. The tables are emptied; then each escrow
 * that existed then is replayed whole, a hundred escrows to a transaction, through {@link AnalyticsProjection}'s
 * handlers. Each escrow's lock is taken first: the advisory lock every append holds shared until it commits (V14's
 * trigger), taken here exclusively. So a command on the escrow either committed before (its events are replayed) or
 * waits until the escrow is replayed (its events are then applied live, after the replayed ones). An escrow created
 * after the tables were emptied is kept live from its first event.
 * Live events of an escrow not yet replayed find no row and change nothing; the replay applies them later. So every
 * event counts once, in order. Analytics answers are partial until the replay is done; {@link #remaining} says how
 * far it has to go.
 */
@Component
public class AnalyticsReplay {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsReplay.class);
    private static final int ESCROWS_PER_TRANSACTION = 100;

    private final EventStore eventStore;
    private final TransactionTemplate transaction;
    private final JdbcClient jdbc;
    private final AnnotationEventHandlerAdapter handlers;
    /** Escrows the running replay has still to replay; -1 when none runs. */
    private final AtomicLong remaining = new AtomicLong(-1);

    public AnalyticsReplay(EventStore eventStore, TransactionTemplate transaction, JdbcClient jdbc,
                           AnalyticsProjection projection) {
        this.eventStore = eventStore;
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.handlers = new AnnotationEventHandlerAdapter(projection);
    }

    /** Starts a replay in the background. @return false when one is running already */
    public boolean start() {
        if (!remaining.compareAndSet(-1, Long.MAX_VALUE)) {
            return false;
        }
        Thread replay = new Thread(this::run, "analytics-replay");
        replay.setDaemon(true);
        replay.start();
        return true;
    }

    /** Escrows the running replay has still to replay; 0 when none runs. */
    public long remaining() {
        return Math.max(0, remaining.get());
    }

    private void run() {
        try {
            List<String> escrows = transaction.execute(status -> {
                jdbc.sql("TRUNCATE " + AnalyticsProjection.TABLES.stream().map(ProjectionTable::name)
                                                         .collect(Collectors.joining(", "))).update();
                return jdbc.sql("SELECT escrow_id FROM escrows ORDER BY escrow_id").query(String.class).list();
            });
            remaining.set(escrows.size());
            for (int from = 0; from < escrows.size(); from += ESCROWS_PER_TRANSACTION) {
                List<String> chunk = escrows.subList(from, Math.min(from + ESCROWS_PER_TRANSACTION, escrows.size()));
                transaction.executeWithoutResult(status -> replay(chunk));
                remaining.addAndGet(-chunk.size());
            }
        } catch (RuntimeException e) {
            log.error("Analytics replay failed: its tables are partial until it is run again", e);
        } finally {
            remaining.set(-1);
        }
    }

    private void replay(List<String> escrows) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(escrow)) FROM unnest(?::text[]) AS escrow ORDER BY escrow")
            .param(escrows.toArray(String[]::new))
            .query(Object.class)
            .list();
        for (String escrow : escrows) {
            try {
                DomainEventStream events = eventStore.readEvents(escrow, 0);
                while (events.hasNext()) {
                    DomainEventMessage<?> event = events.next();
                    if (handlers.canHandle(event)) {
                        handlers.handle(event);
                    }
                }
            } catch (BrokenChainException damaged) {
                log.error("Analytics replay left out escrow {}, whose history fails its chain check: {}", escrow,
                        damaged.getMessage());
            } catch (Exception e) {
                throw new IllegalStateException("Could not replay escrow " + escrow + " into the analytics", e);
            }
        }
    }
}
