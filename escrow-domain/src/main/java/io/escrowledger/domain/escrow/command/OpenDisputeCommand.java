package io.escrowledger.domain.escrow.command;

import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.DisputeReason;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A party disputes the escrow: its held money waits for a decision. The statement (free text) is optional. */
public record OpenDisputeCommand(@TargetAggregateIdentifier String escrowId,
                                 String integratorId,
                                 String disputeId,
                                 DisputeReason reason,
                                 String statement,
                                 Actor openedBy,
                                 Instant requestedAt) {
}
