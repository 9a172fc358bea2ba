package io.escrowledger.domain.escrow.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Map;

/**
 * Change the metadata of the escrow and of some of its milestones: each key is set to its value, or removed by an
 * empty value; keys not named keep theirs.
 *
 * @param metadata   changes to the escrow's metadata (empty for none)
 * @param milestones changes to each named milestone's metadata, by milestone id (empty for none)
 */
public record UpdateEscrowMetadataCommand(@TargetAggregateIdentifier String escrowId,
                                          String integratorId,
                                          Map<String, String> metadata,
                                          Map<String, Map<String, String>> milestones,
                                          Instant requestedAt) {

    public UpdateEscrowMetadataCommand {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        milestones = milestones == null ? Map.of() : Map.copyOf(milestones);
    }
}
