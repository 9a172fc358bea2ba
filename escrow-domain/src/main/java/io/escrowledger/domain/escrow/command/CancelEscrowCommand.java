package io.escrowledger.domain.escrow.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The integrator calls off an escrow that was never funded, saying why; cancelling it again changes nothing. */
public record CancelEscrowCommand(@TargetAggregateIdentifier String escrowId,
                                  String integratorId,
                                  String reason,
                                  Instant requestedAt) {
}
