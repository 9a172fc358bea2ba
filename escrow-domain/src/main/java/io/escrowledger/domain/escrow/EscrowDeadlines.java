package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.policy.TimeReleasePolicy;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import org.axonframework.deadline.DeadlineManager;

import java.time.Duration;
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
    public static final String EVIDENCE_DUE = "dispute-evidence-due";
    public static final String INSPECTION_PERIOD = "milestone-inspection-period";

    private EscrowDeadlines() {
    }

    public record ExpiryDue(Instant expiresAt) {
    }

    public record ReleaseDue(Instant releaseAt) {
    }

    public record MilestoneDue(String milestoneId, Instant deadline) {
    }

    /** A dispute's evidence deadline: its evidence is locked then, unless it already was. */
    public record EvidenceDue(String disputeId, Instant dueBy) {
    }

    /** The end of a delivered milestone's inspection period: it is released then, unless disputed or paid out. */
    public record InspectionDue(String milestoneId, int inspectionPeriodHours, Instant deliveredAt, Instant endsAt) {
    }

    /** A dispute's evidence deadline, if it has one. */
    static void scheduleEvidenceDue(DeadlineManager deadlines, String disputeId, Instant dueBy) {
        if (dueBy != null) {
            deadlines.schedule(dueBy, EVIDENCE_DUE, new EvidenceDue(disputeId, dueBy));
        }
    }

    /** The end of the milestone's inspection period, from its first deliverable, if its terms name one. */
    static void scheduleInspection(DeadlineManager deadlines, MilestoneTerms terms, Instant deliveredAt) {
        Integer hours = terms.inspectionPeriodHours();
        if (hours != null) {
            Instant endsAt = deliveredAt.plus(Duration.ofHours(hours));
            deadlines.schedule(endsAt, INSPECTION_PERIOD,
                    new InspectionDue(terms.milestoneId(), hours, deliveredAt, endsAt));
        }
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
