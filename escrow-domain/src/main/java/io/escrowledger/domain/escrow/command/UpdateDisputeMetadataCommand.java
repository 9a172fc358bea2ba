package io.escrowledger.domain.escrow.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Map;

/** Change the dispute's metadata: each key set to its value, or removed by an empty value; others keep theirs. */
public record UpdateDisputeMetadataCommand(@TargetAggregateIdentifier String escrowId,
                                           String integratorId,
                                           String disputeId,
                                           Map<String, String> metadata,
                                           Instant requestedAt) {

    public UpdateDisputeMetadataCommand {
        metadata = Map.copyOf(metadata);
    }
}
