package io.escrowledger.api.support;

import org.axonframework.eventhandling.GenericEventMessage;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Axon's clock for event timestamps (stored to the millisecond), made to move at least a millisecond on at every
 * event: the events of one command are then stamped apart, as on a busy machine, instead of only sometimes. Installed
 * for one test, then {@link #close() closed}, which gives Axon its own clock back.
 */
public final class TickingEventClock extends Clock implements AutoCloseable {

    private final Clock axonsOwn = GenericEventMessage.clock;
    private final AtomicReference<Instant> last = new AtomicReference<>(Instant.EPOCH);

    private TickingEventClock() {
    }

    public static TickingEventClock install() {
        TickingEventClock clock = new TickingEventClock();
        GenericEventMessage.clock = clock;
        return clock;
    }

    @Override
    public Instant instant() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return last.updateAndGet(previous -> now.isAfter(previous) ? now : previous.plusMillis(1));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("Event timestamps are UTC");
    }

    @Override
    public void close() {
        GenericEventMessage.clock = axonsOwn;
    }
}
