package io.escrowledger.domain.escrow.command;

import io.escrowledger.domain.escrow.value.ExternalReference;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The contractor's work for one milestone is available at the referenced place. */
public record SubmitDeliverableCommand(@TargetAggregateIdentifier String escrowId,
                                       String integratorId,
                                       String milestoneId,
                                       ExternalReference reference,
                                       Instant requestedAt) {
}
