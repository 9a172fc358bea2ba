package io.escrowledger.domain.escrow.event;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The integrator's payment system failed to take the escrow's money. Nothing is held: the escrow stays CREATED, and a
 * later FUNDS_HELD declaration (this reference retried, or another) funds it.
 */
@Revision("1")
public record PaymentFailedEvent(String escrowId,
                                 String externalPaymentRef,
                                 String reason,
                                 Instant declaredAt,
                                 Instant failedAt) implements EscrowEvent {
}
