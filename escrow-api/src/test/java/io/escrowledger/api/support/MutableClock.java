package io.escrowledger.api.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves forward, so time-triggered work is tested without sleeping until it is due. By default it is
 * the real clock plus what the test added: it keeps running, so whatever the service checks against the clock a test
 * did not move (request signatures within their window, leases, retries) behaves as in production however slow the
 * machine. {@link #frozenAt} stands still between moves instead, for a test that must place requests at exact
 * moments (and signs them with this clock).
 */
public final class MutableClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** The real clock, until a test moves it. */
    public MutableClock() {
        this(Clock.systemUTC());
    }

    private MutableClock(Clock base) {
        this.base = base;
    }

    /** A clock that reads {@code moment} until a test moves it. */
    public static MutableClock frozenAt(Instant moment) {
        return new MutableClock(Clock.fixed(moment, ZoneOffset.UTC));
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
        return base.instant().plus(offset.get());
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
