package io.escrowledger.domain.escrow.event;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The integrator called off an escrow that never held money; it is closed as CANCELLED and nothing moved. */
@Revision("1")
public record EscrowCancelledEvent(String escrowId,
                                   String reason,
                                   Instant cancelledAt) implements EscrowEvent {
}
