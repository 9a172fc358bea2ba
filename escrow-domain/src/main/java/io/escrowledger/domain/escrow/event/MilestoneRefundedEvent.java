package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A milestone's held money went back to the client. */
@Revision("1")
public record MilestoneRefundedEvent(String escrowId,
                                     String milestoneId,
                                     Money amount,
                                     Instant refundedAt) implements EscrowEvent {
}
