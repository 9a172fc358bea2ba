package io.escrowledger.domain.escrow.command;

import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.DisputeReason;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Map;

/**
 * A party disputes the escrow: its held money waits for a decision. The statement (free text) is optional.
 *
 * @param evidenceDueBy when the evidence is locked if nobody locked it before; null for no deadline. The caller
 *                      computes it (the integrator's evidence window from {@code requestedAt}).
 * @param metadata      the integrator's key/value pairs on the dispute (Metadata's rules); empty for none
 */
public record OpenDisputeCommand(@TargetAggregateIdentifier String escrowId,
                                 String integratorId,
                                 String disputeId,
                                 DisputeReason reason,
                                 String statement,
                                 Actor openedBy,
                                 Instant requestedAt,
                                 Instant evidenceDueBy,
                                 Map<String, String> metadata) {

    public OpenDisputeCommand {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A dispute without metadata. */
    public OpenDisputeCommand(String escrowId, String integratorId, String disputeId, DisputeReason reason,
                              String statement, Actor openedBy, Instant requestedAt, Instant evidenceDueBy) {
        this(escrowId, integratorId, disputeId, reason, statement, openedBy, requestedAt, evidenceDueBy, null);
    }
}
