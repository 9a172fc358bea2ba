package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A transfer the integrator executed for one of the escrow's payouts. {@code transferredTotal} is what the payout has
 * received with it, {@code expectedAmount} what it is owed: equal is reconciled, less partly, more over-paid.
 */
@Revision("1")
public record PayoutTransferRecordedEvent(String escrowId,
                                          String payoutId,
                                          String reference,
                                          ActorRole party,
                                          Money amount,
                                          Money expectedAmount,
                                          Money transferredTotal,
                                          Instant executedAt,
                                          Instant recordedAt) implements EscrowEvent {
}
