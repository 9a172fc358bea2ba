package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The payment that funded the escrow was reversed (a chargeback). The escrow is frozen from now on: nothing is
 * released, while a refund or a dispute's decision still pays out what is held. {@code openDisputeId} names the
 * dispute open at the time, if any.
 */
@Revision("1")
public record FundsReversedEvent(String escrowId,
                                 String externalPaymentRef,
                                 String reason,
                                 Money heldAmount,
                                 String openDisputeId,
                                 Instant declaredAt,
                                 Instant reversedAt) implements EscrowEvent {
}
