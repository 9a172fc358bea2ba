package io.escrowledger.domain.escrow;

import java.time.Instant;

/**
 * The escrow's time-triggered work, scheduled with Axon's deadline manager when the escrow is created. Each payload
 * carries the moment it was due, which the events it causes record: the aggregate never reads a clock.
 */
public final class EscrowDeadlines {

    public static final String EXPIRY = "escrow-expiry";
    public static final String TIME_RELEASE = "escrow-time-release";
    public static final String MILESTONE_DEADLINE = "milestone-deadline";

    private EscrowDeadlines() {
    }

    public record ExpiryDue(Instant expiresAt) {
    }

    public record ReleaseDue(Instant releaseAt) {
    }

    public record MilestoneDue(String milestoneId, Instant deadline) {
    }
}
