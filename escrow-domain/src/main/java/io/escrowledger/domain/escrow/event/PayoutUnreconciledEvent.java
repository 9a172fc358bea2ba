package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A payout stayed unreconciled (less transferred than owed) past the allowed time; recorded once per payout. */
@Revision("1")
public record PayoutUnreconciledEvent(String escrowId,
                                      String payoutId,
                                      ActorRole party,
                                      Money expectedAmount,
                                      Money transferredAmount,
                                      Instant expectedAt,
                                      Instant flaggedAt) implements EscrowEvent {
}
