package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.escrow.value.ExternalReference;
import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record DeliverableSubmittedEvent(String escrowId,
                                        String milestoneId,
                                        ExternalReference reference,
                                        Instant submittedAt) implements EscrowEvent {
}
