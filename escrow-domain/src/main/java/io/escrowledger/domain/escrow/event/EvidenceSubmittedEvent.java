package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.ExternalReference;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A party referenced evidence for its case. */
@Revision("1")
public record EvidenceSubmittedEvent(String escrowId,
                                     String disputeId,
                                     String evidenceId,
                                     Actor submittedBy,
                                     ExternalReference reference,
                                     Instant submittedAt) implements EscrowEvent {
}
