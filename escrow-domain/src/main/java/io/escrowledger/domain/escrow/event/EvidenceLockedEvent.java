package io.escrowledger.domain.escrow.event;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The evidence is sealed; the digest covers every evidence id and content hash, in order (docs/disputes.md). */
@Revision("1")
public record EvidenceLockedEvent(String escrowId,
                                  String disputeId,
                                  int evidenceCount,
                                  String evidenceDigest,
                                  Instant lockedAt) implements EscrowEvent {
}
