package io.escrowledger.domain.escrow.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The integrator declares that its payment system holds the escrow's total amount. */
public record DeclareFundsHeldCommand(@TargetAggregateIdentifier String escrowId,
                                      String integratorId,
                                      String externalPaymentRef,
                                      Instant declaredAt,
                                      Instant requestedAt) {
}
