package io.escrowledger.domain.escrow.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Delivery of a delivery-confirmation escrow is confirmed, which releases it. */
public record ConfirmDeliveryCommand(@TargetAggregateIdentifier String escrowId,
                                     String integratorId,
                                     String confirmedBy,
                                     Instant requestedAt) {
}
