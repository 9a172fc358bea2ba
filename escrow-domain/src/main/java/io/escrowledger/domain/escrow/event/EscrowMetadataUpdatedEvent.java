package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.shared.Metadata;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;

/**
 * The integrator changed the metadata of the escrow or of some of its milestones. The event carries the metadata as it
 * is after the change, not the change: the escrow's whole metadata, and the whole metadata of each milestone changed
 * (by milestone id; milestones not named kept theirs).
 */
@Revision("1")
public record EscrowMetadataUpdatedEvent(String escrowId,
                                         Map<String, String> metadata,
                                         Map<String, Map<String, String>> milestoneMetadata,
                                         Instant updatedAt) implements EscrowEvent {

    public EscrowMetadataUpdatedEvent {
        metadata = Metadata.of(metadata);
        milestoneMetadata = Collections.unmodifiableMap(Metadata.ofEach(milestoneMetadata));
    }
}
