package io.escrowledger.domain.escrow;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The arbiter's decision: the held money is paid out by the ratio, and the escrow closes. */
public record DecideDisputeCommand(@TargetAggregateIdentifier String escrowId,
                                   String integratorId,
                                   String disputeId,
                                   DisputeOutcome decision,
                                   Ratio finalRatio,
                                   String justification,
                                   Instant requestedAt) {
}
