package io.escrowledger.domain.escrow.event;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Delivery was confirmed, by the party the integrator names; the release follows. */
@Revision("1")
public record DeliveryConfirmedEvent(String escrowId,
                                     String confirmedBy,
                                     Instant confirmedAt) implements EscrowEvent {
}
