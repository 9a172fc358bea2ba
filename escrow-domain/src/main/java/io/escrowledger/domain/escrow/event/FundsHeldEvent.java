package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The integrator declared the escrow's whole amount held; every milestone is now funded. */
@Revision("1")
public record FundsHeldEvent(String escrowId,
                             String externalPaymentRef,
                             Money amount,
                             Instant declaredAt,
                             Instant heldAt) implements EscrowEvent {
}
