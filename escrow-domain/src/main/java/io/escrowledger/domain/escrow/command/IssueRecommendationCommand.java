package io.escrowledger.domain.escrow.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Compute the engine's recommendation once and record it; later calls answer the recorded one. */
public record IssueRecommendationCommand(@TargetAggregateIdentifier String escrowId,
                                         String integratorId,
                                         String disputeId,
                                         Instant requestedAt) {
}
