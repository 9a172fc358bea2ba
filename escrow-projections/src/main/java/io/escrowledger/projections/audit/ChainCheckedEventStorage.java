package io.escrowledger.projections.audit;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The event storage, whose every read of an aggregate's history first checks the part it reads against the hash
 * chain (chain_fault, V14): a command never decides on a history changed behind the service's back, and is refused
 * with {@link BrokenChainException} instead (history_integrity_failure). The check runs in the database, on the
 * command's transaction, one statement per load, over the events the load reads (those after the aggregate's
 * snapshot, if it has one). Everything else is the wrapped storage's.
 */
public record ChainCheckedEventStorage(EventStorageEngine storage, JdbcClient jdbc) implements EventStorageEngine {

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        jdbc.sql("SELECT chain_fault(?, ?)")
            .params(aggregateIdentifier, firstSequenceNumber)
            .query(String.class)
            .optional()
            .ifPresent(fault -> {
                throw new BrokenChainException("The history of " + aggregateIdentifier + " fails its chain check ("
                        + fault + "): it was changed behind the service's back; verify it before appending");
            });
        return storage.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        storage.appendEvents(events);
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        storage.storeSnapshot(snapshot);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        return storage.readEvents(trackingToken, mayBlock);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return storage.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return storage.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return storage.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return storage.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return storage.createTokenAt(dateTime);
    }
}
