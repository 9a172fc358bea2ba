package io.escrowledger.api.testclock;

import java.time.Instant;

/** An integrator's simulated time: it stands still at {@code frozenTime} until advanced. */
public record TestClock(String id, String integratorId, String name, Instant frozenTime, Instant createdAt) {
}
