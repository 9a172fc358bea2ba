package io.escrowledger.domain.escrow.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Release held money to the contractor: one milestone, or every milestone still held when milestoneId is null. */
public record ReleaseFundsCommand(@TargetAggregateIdentifier String escrowId,
                                  String integratorId,
                                  String milestoneId,
                                  Instant requestedAt) {
}
