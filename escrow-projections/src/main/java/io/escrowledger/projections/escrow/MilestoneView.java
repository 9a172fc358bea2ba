package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.value.ExternalReference;
import io.escrowledger.domain.escrow.value.MilestoneState;

import java.time.Instant;

/**
 * A milestone as the read model holds it; {@code deliverable} is the latest one submitted, or null, and
 * {@code overdueAt} the deadline it missed, or null. {@code inspectionPeriodHours} is its inspection period (null for
 * none), {@code inspectionEndsAt} when it is released unless disputed (set by its first deliverable), and
 * {@code inspectionElapsedAt} when that release happened.
 */
public record MilestoneView(String milestoneId,
                            long amount,
                            Instant deadline,
                            MilestoneState state,
                            ExternalReference deliverable,
                            Instant deliveredAt,
                            Instant releasedAt,
                            Instant refundedAt,
                            Instant overdueAt,
                            Integer inspectionPeriodHours,
                            Instant inspectionEndsAt,
                            Instant inspectionElapsedAt) {
}
