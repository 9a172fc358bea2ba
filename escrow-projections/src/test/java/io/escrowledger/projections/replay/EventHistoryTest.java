package io.escrowledger.projections.replay;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** An instant selects whole commands of an aggregate's history, never part of one. */
class EventHistoryTest {

    private static final Instant T0 = Instant.parse("2025-01-20T15:00:00Z");

    private final List<DomainEventMessage<?>> history = new ArrayList<>();

    /** Appends one event of the command, recorded {@code millis} after T0. */
    private void event(String command, long millis) {
        Map<String, ?> metaData = command == null ? Map.of() : Map.of("correlationId", command);
        history.add(new GenericDomainEventMessage<>("Escrow", "esc_1", history.size(), "event " + history.size(),
                metaData, UUID.randomUUID().toString(), T0.plusMillis(millis)));
    }

    private List<Long> sequencesUpTo(long millis) {
        return EventHistory.wholeCommandsUpTo(history.iterator(), T0.plusMillis(millis)).stream()
                           .map(DomainEventMessage::getSequenceNumber).toList();
    }

    @Test
    void anInstantBetweenTheEventsOfOneCommandTakesNoneOfThem() {
        event("create", 0);
        event("fund", 10);
        event("release", 20); // milestone one
        event("release", 22); // milestone two
        event("release", 23); // closed

        assertThat(sequencesUpTo(19)).containsExactly(0L, 1L);
        assertThat(sequencesUpTo(20)).containsExactly(0L, 1L);
        assertThat(sequencesUpTo(22)).containsExactly(0L, 1L);
        assertThat(sequencesUpTo(23)).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(sequencesUpTo(-1)).isEmpty();
    }

    @Test
    void aCommandCountsFromItsLastEventEvenAtTheVeryStart() {
        event("create", 0);  // created from a vault:
        event("create", 3);  // funded in the same command

        assertThat(sequencesUpTo(0)).isEmpty();
        assertThat(sequencesUpTo(3)).containsExactly(0L, 1L);
    }

    @Test
    void theSameCommandAgainLaterIsAnotherUnitAndEventsWithoutOneCountAlone() {
        event("a", 0);
        event(null, 5);
        event(null, 6);
        event("a", 7);

        assertThat(sequencesUpTo(5)).containsExactly(0L, 1L);
        assertThat(sequencesUpTo(6)).containsExactly(0L, 1L, 2L);
        assertThat(sequencesUpTo(7)).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void aLaterCommandStampedEarlierIsNotTakenWithoutTheOnesBeforeIt() {
        event("create", 0);
        event("fund", 50);  // a node whose clock is ahead
        event("deliver", 40);

        assertThat(sequencesUpTo(45)).containsExactly(0L);
        assertThat(sequencesUpTo(50)).containsExactly(0L, 1L, 2L);
    }
}
