package io.escrowledger.domain.escrow.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The integrator's payment system failed to take the escrow's money: the escrow stays unfunded, with the reason. */
public record DeclarePaymentFailedCommand(@TargetAggregateIdentifier String escrowId,
                                          String integratorId,
                                          String externalPaymentRef,
                                          String reason,
                                          Instant declaredAt,
                                          Instant requestedAt) {
}
