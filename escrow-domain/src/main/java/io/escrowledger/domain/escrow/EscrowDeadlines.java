package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.policy.TimeReleasePolicy;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import org.axonframework.deadline.DeadlineManager;

import java.time.Instant;
import java.util.List;

/**
 * The escrow's time-triggered work, scheduled with Axon's deadline manager when the escrow is created. Each payload
 * carries the moment it was due, which the events it causes record: the aggregate never reads a clock. The payloads
 * are stored by their class names with the scheduled task: these records are never renamed or moved.
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

    /**
     * Deadlines are stored in the events' transaction, so a refused creation leaves none behind. They are computed from
     * the command: events applied in a constructor reach the fields only after it returns.
     */
    static void schedule(DeadlineManager deadlines, Instant expiry, ReleaseCondition condition,
                         List<MilestoneTerms> milestones) {
        if (expiry != null) {
            deadlines.schedule(expiry, EXPIRY, new ExpiryDue(expiry));
        }
        TimeReleasePolicy.releaseTime(condition).ifPresent(releaseAt ->
                deadlines.schedule(releaseAt, TIME_RELEASE, new ReleaseDue(releaseAt)));
        for (MilestoneTerms milestone : milestones) {
            if (milestone.deadline() != null) {
                deadlines.schedule(milestone.deadline(), MILESTONE_DEADLINE,
                        new MilestoneDue(milestone.milestoneId(), milestone.deadline()));
            }
        }
    }
}
