package io.escrowledger.projections.audit;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chains every stored event to the one before it in its aggregate, in the transaction that appends it: it reads the
 * row just written to {@code domain_event_entry} (so the hash covers the exact stored bytes) and records its hash.
 */
@Component
@ProcessingGroup(EventChainProjection.PROCESSING_GROUP)
public class EventChainProjection {

    public static final String PROCESSING_GROUP = "event-chain";

    private static final JsonMapper METADATA = JsonMapper.builder().build();

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
     * The hash of the event before this one. Events stored before chaining existed (an older database) have none
     * yet: their chain is computed from their rows now, once, in order.
     */
    private String previousHash(String aggregateId, long sequence) {
        return jdbc.sql("SELECT hash FROM event_chain WHERE aggregate_identifier = ? AND sequence_number = ?")
                   .params(aggregateId, sequence - 1)
                   .query(String.class)
                   .optional()
                   .orElseGet(() -> {
                       String previous = EventHash.GENESIS;
                       for (EventHash.StoredEvent earlier : events.ofAggregate(aggregateId)) {
                           if (earlier.sequence() >= sequence) {
                               break;
                           }
                           previous = link(earlier, previous);
                       }
                       return previous;
                   });
    }

    private String link(EventHash.StoredEvent stored, String previous) {
        String hash = EventHash.of(previous, stored);
        jdbc.sql("""
                 INSERT INTO event_chain (global_index, aggregate_identifier, sequence_number, event_identifier,
                                          integrator_id, previous_hash, hash)
                 VALUES (?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (global_index) DO NOTHING""")
            .params(stored.globalIndex(), stored.aggregateId(), stored.sequence(), stored.eventId(),
                    integratorOf(stored), previous, hash)
            .update();
        return hash;
    }

    private static String integratorOf(EventHash.StoredEvent stored) {
        if (stored.metaData() == null) {
            return null;
        }
        JsonNode integrator = METADATA.readTree(stored.metaData()).get("integrator_id");
        return integrator == null ? null : integrator.asString();
    }
}
