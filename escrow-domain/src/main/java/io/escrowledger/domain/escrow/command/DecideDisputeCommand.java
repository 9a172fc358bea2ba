package io.escrowledger.domain.escrow.command;

import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.Ratio;
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
