package io.escrowledger.domain.escrow.event;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A milestone's deadline passed and nothing was delivered for it. Recorded once; nothing moves because of it. */
@Revision("1")
public record MilestoneOverdueEvent(String escrowId,
                                    String milestoneId,
                                    Instant deadline) implements EscrowEvent {
}
