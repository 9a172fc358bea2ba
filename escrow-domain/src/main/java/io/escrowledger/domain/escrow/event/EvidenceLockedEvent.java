package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.escrow.value.EvidenceLockCause;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The evidence is sealed; the digest covers every evidence id and content hash, in order (docs/disputes.md). Revision 2
 * added {@code lockedBy}: the integrator's request, or the dispute's evidence deadline passing (then {@code lockedAt}
 * is the deadline). A revision 1 event reads as locked by the integrator, the only way there was.
 */
@Revision("2")
public record EvidenceLockedEvent(String escrowId,
                                  String disputeId,
                                  int evidenceCount,
                                  String evidenceDigest,
                                  Instant lockedAt,
                                  EvidenceLockCause lockedBy) implements EscrowEvent {

    public EvidenceLockedEvent {
        lockedBy = lockedBy == null ? EvidenceLockCause.INTEGRATOR : lockedBy;
    }

    /** A lock the integrator asked for. */
    public EvidenceLockedEvent(String escrowId, String disputeId, int evidenceCount, String evidenceDigest,
                               Instant lockedAt) {
        this(escrowId, disputeId, evidenceCount, evidenceDigest, lockedAt, EvidenceLockCause.INTEGRATOR);
    }
}
