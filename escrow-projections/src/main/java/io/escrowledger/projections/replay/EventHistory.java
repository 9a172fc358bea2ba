package io.escrowledger.projections.replay;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * An aggregate's events as they were stored, from its very first: never a snapshot in their place, because what is
 * shown or re-sent from history must come from the history itself. These are decoded messages; the raw rows, for
 * hashing, come from the projections' {@code StoredEvents}.
 */
@Component
public record EventHistory(EventStore eventStore) {

    /** The id of the command (or deadline) whose handling applied an event, copied into its metadata by Axon. */
    private static final String COMMAND = MessageOriginProvider.getDefaultCorrelationKey();

    public Stream<? extends DomainEventMessage<?>> of(String aggregateId) {
        return eventStore.readEvents(aggregateId, 0).asStream();
    }

    /**
     * The events of the whole commands recorded by the instant, in order; see {@link #wholeCommandsUpTo}.
     */
    public List<DomainEventMessage<?>> upTo(String aggregateId, Instant instant) {
        return wholeCommandsUpTo(of(aggregateId).iterator(), instant);
    }

    /**
     * An instant selects whole commands, never part of one: the events one command applied are stored together, in
     * one transaction, but each is stamped a moment apart, and no reader ever saw some of them without the others. A
     * command's events are consecutive in the aggregate and carry the same {@code correlationId} in their metadata
     * (an event without one counts alone); the command counts from the moment its <em>last</em> event was recorded,
     * the nearest the store keeps to the moment it committed. The result is the longest run of commands, from the
     * aggregate's first, that each count by the instant: a later command stamped earlier (by a node whose clock is
     * behind) is not taken without the ones before it.
     */
    static List<DomainEventMessage<?>> wholeCommandsUpTo(Iterator<? extends DomainEventMessage<?>> events,
                                                          Instant instant) {
        List<DomainEventMessage<?>> taken = new ArrayList<>();
        List<DomainEventMessage<?>> command = new ArrayList<>();
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            if (!command.isEmpty() && !sameCommand(command.get(0), event)) {
                if (recordedAfter(command, instant)) {
                    return taken;
                }
                taken.addAll(command);
                command.clear();
            }
            command.add(event);
        }
        if (!command.isEmpty() && !recordedAfter(command, instant)) {
            taken.addAll(command);
        }
        return taken;
    }

    private static boolean sameCommand(DomainEventMessage<?> first, DomainEventMessage<?> next) {
        Object command = first.getMetaData().get(COMMAND);
        return command != null && Objects.equals(command, next.getMetaData().get(COMMAND));
    }

    private static boolean recordedAfter(List<DomainEventMessage<?>> command, Instant instant) {
        return command.get(command.size() - 1).getTimestamp().isAfter(instant);
    }
}
