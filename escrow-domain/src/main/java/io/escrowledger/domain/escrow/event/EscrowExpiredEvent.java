package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The escrow reached its expiry. What is still held is refunded by the events that follow (refund reason: expired),
 * unless a dispute is open: then {@code openDisputeId} names it, and the held money waits for its decision.
 */
@Revision("1")
public record EscrowExpiredEvent(String escrowId,
                                 Money heldAmount,
                                 String openDisputeId,
                                 Instant expiredAt) implements EscrowEvent {
}
