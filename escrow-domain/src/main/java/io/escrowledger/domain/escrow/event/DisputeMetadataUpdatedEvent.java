package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.shared.Metadata;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Map;

/** The integrator changed the dispute's metadata; the event carries the whole metadata after the change. */
@Revision("1")
public record DisputeMetadataUpdatedEvent(String escrowId,
                                          String disputeId,
                                          Map<String, String> metadata,
                                          Instant updatedAt) implements EscrowEvent {

    public DisputeMetadataUpdatedEvent {
        metadata = Metadata.of(metadata);
    }
}
