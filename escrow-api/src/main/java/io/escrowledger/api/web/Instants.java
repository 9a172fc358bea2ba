package io.escrowledger.api.web;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The time a request happens, as commands record it. */
public final class Instants {

    private Instants() {
    }

    /** Millisecond precision: what PostgreSQL stores and what the API shows are then the same instant. */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
