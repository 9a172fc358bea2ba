package io.escrowledger.domain.escrow;

import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A party disputed the escrow; the money held at that moment waits for the decision. */
@Revision("1")
public record DisputeOpenedEvent(String escrowId,
                                 String disputeId,
                                 DisputeReason reason,
                                 Actor openedBy,
                                 Money heldAmount,
                                 Instant openedAt) implements EscrowEvent {
}
