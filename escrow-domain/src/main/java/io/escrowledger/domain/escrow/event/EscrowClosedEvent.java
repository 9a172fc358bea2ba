package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Nothing is held any more. The outcome is RELEASED, REFUNDED, SETTLED (some of each) or RESOLVED (by a dispute
 * decision), and released + refunded equals the escrow's total amount.
 */
@Revision("1")
public record EscrowClosedEvent(String escrowId,
                                EscrowState outcome,
                                Money releasedAmount,
                                Money refundedAmount,
                                Instant closedAt) implements EscrowEvent {
}
