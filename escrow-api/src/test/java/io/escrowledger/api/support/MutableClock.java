package io.escrowledger.api.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real clock, moved forward as far as a test advanced it: time-triggered work is tested without sleeping until
 * it is due. It keeps running like the real one, so whatever the service checks against the clock a test did not move
 * (request signatures within their window, leases, retries) behaves as in production however slow the machine.
 */
public final class MutableClock extends Clock {

    private final Clock real = Clock.systemUTC();
    private final AtomicReference<Duration> offset;

    /** The real clock, until a test moves it. */
    public MutableClock() {
        this.offset = new AtomicReference<>(Duration.ZERO);
    }

    /** A clock that reads {@code start} now, and runs on from there like the real one. */
    public MutableClock(Instant start) {
        this.offset = new AtomicReference<>(Duration.between(real.instant(), start));
    }

    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("The clock only moves forward: " + duration);
        }
        offset.updateAndGet(by -> by.plus(duration));
    }

    /** Moves the clock forward until it reads {@code moment}. */
    public void advanceTo(Instant moment) {
        advance(Duration.between(instant(), moment));
    }

    @Override
    public Instant instant() {
        return real.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("The service works in UTC");
    }
}
