package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A milestone's held money went to the contractor. */
@Revision("1")
public record MilestoneReleasedEvent(String escrowId,
                                     String milestoneId,
                                     Money amount,
                                     Instant releasedAt) implements EscrowEvent {
}
