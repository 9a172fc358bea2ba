package io.escrowledger.api.audit;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * An aggregate's events as they were stored, from its very first: never a snapshot in their place, because what is
 * shown or re-sent from history must come from the history itself. These are decoded messages; the raw rows, for
 * hashing, come from the projections' {@code StoredEvents}.
 */
@Component
public class EventHistory {

    private final EventStore eventStore;

    public EventHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    public Stream<? extends DomainEventMessage<?>> of(String aggregateId) {
        return eventStore.readEvents(aggregateId, 0).asStream();
    }

    /** The events recorded at or before the instant, in order. */
    public List<? extends DomainEventMessage<?>> upTo(String aggregateId, Instant instant) {
        return of(aggregateId).filter(event -> !event.getTimestamp().isAfter(instant)).toList();
    }
}
