package io.escrowledger.domain.escrow.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * The payment that funded the escrow was reversed (a chargeback): the escrow is frozen, releases are refused, a
 * dispute or a refund still possible.
 */
public record DeclareFundsReversedCommand(@TargetAggregateIdentifier String escrowId,
                                          String integratorId,
                                          String externalPaymentRef,
                                          String reason,
                                          Instant declaredAt,
                                          Instant requestedAt) {
}
