package io.escrowledger.domain.escrow.event;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A delivered milestone's inspection period ended with no dispute opened: the rule that releases it, followed at once
 * by its {@link MilestoneReleasedEvent} (and the escrow's close, when nothing else is held).
 *
 * @param inspectionPeriodHours the milestone's inspection period, as agreed at creation
 * @param deliveredAt           its first deliverable, which started the period
 * @param elapsedAt             the end of the period: {@code deliveredAt} plus the period, the release's time
 */
@Revision("1")
public record InspectionPeriodElapsedEvent(String escrowId,
                                           String milestoneId,
                                           int inspectionPeriodHours,
                                           Instant deliveredAt,
                                           Instant elapsedAt) implements EscrowEvent {
}
