package io.escrowledger.domain.escrow.event;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A listed approver approved the release; {@code approvals} counts the distinct approvals so far. */
@Revision("1")
public record ReleaseApprovedEvent(String escrowId,
                                   String approverId,
                                   int approvals,
                                   int threshold,
                                   Instant approvedAt) implements EscrowEvent {
}
