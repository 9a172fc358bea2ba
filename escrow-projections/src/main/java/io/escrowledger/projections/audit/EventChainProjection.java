package io.escrowledger.projections.audit;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Chains every stored event to the one before it in its aggregate, in the transaction that appends it: it reads the
 * row just written to {@code domain_event_entry} (so the hash covers the exact stored bytes) and records its hash.
 */
@Component
@ProcessingGroup(EventChainProjection.PROCESSING_GROUP)
public class EventChainProjection {

    public static final String PROCESSING_GROUP = "event-chain";


    private final JdbcClient jdbc;
    private final StoredEvents events;

    public EventChainProjection(JdbcClient jdbc, StoredEvents events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    @EventHandler
    public void on(Object payload, DomainEventMessage<?> message) {
        EventHash.StoredEvent stored = events.byEventId(message.getIdentifier());
        String previous = message.getSequenceNumber() == 0 ? EventHash.GENESIS
                : previousHash(stored.aggregateId(), stored.sequence());
        link(stored, previous);
    }

    /**
     * The hash of the event before this one. Only events stored before chaining existed (in a database older than the
     * chain) may lack one: they are chained from their rows now, once, in order. A link missing anywhere else is
     * evidence of tampering, and the append is refused rather than papering over it.
     */
    private String previousHash(String aggregateId, long sequence) {
        return jdbc.sql("SELECT hash FROM event_chain WHERE aggregate_identifier = ? AND sequence_number = ?")
                   .params(aggregateId, sequence - 1)
                   .query(String.class)
                   .optional()
                   .orElseGet(() -> chainOlderEvents(aggregateId, sequence));
    }

    private String chainOlderEvents(String aggregateId, long sequence) {
        long lastUnchained = jdbc.sql("SELECT last_unchained_global_index FROM event_chain_origin")
                                 .query(Long.class).single();
        boolean anyChained = jdbc.sql("SELECT count(*) FROM event_chain WHERE aggregate_identifier = ?")
                                 .param(aggregateId).query(Long.class).single() > 0;
        List<EventHash.StoredEvent> earlier = events.ofAggregate(aggregateId).stream()
                                                    .filter(event -> event.sequence() < sequence).toList();
        if (anyChained || earlier.size() != sequence
            || earlier.stream().anyMatch(event -> event.globalIndex() > lastUnchained)) {
            throw new BrokenChainException("The hash chain of " + aggregateId + " has no link for event "
                    + (sequence - 1) + ": its history may have been tampered with; verify it before appending");
        }
        String previous = EventHash.GENESIS;
        for (EventHash.StoredEvent event : earlier) {
            previous = link(event, previous);
        }
        return previous;
    }

    private String link(EventHash.StoredEvent stored, String previous) {
        String hash = EventHash.of(previous, stored);
        jdbc.sql("""
                 INSERT INTO event_chain (global_index, aggregate_identifier, sequence_number, event_identifier,
                                          integrator_id, previous_hash, hash)
                 VALUES (?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (global_index) DO NOTHING""")
            .params(stored.globalIndex(), stored.aggregateId(), stored.sequence(), stored.eventId(),
                    stored.integratorId(), previous, hash)
            .update();
        return hash;
    }

}
