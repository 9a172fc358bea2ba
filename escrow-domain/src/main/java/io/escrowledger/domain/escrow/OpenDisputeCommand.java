package io.escrowledger.domain.escrow;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A party disputes the escrow: its held money waits for a decision. */
public record OpenDisputeCommand(@TargetAggregateIdentifier String escrowId,
                                 String integratorId,
                                 String disputeId,
                                 DisputeReason reason,
                                 Actor openedBy,
                                 Instant requestedAt) {
}
