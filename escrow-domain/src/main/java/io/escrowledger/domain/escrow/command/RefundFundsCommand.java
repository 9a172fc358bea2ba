package io.escrowledger.domain.escrow.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Refund held money to the client: one milestone, or every milestone still held when milestoneId is null. */
public record RefundFundsCommand(@TargetAggregateIdentifier String escrowId,
                                 String integratorId,
                                 String milestoneId,
                                 Instant requestedAt) {
}
