package io.escrowledger.projections.dispute;

import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.DisputeState;
import io.escrowledger.domain.escrow.value.Evidence;
import io.escrowledger.domain.escrow.value.EvidenceLockCause;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A dispute as the read model holds it; {@code decision} is null until it is resolved, {@code statement} when the
 * dispute was opened without one. {@code evidenceDueBy} is when the evidence is locked if nobody locked it before
 * (null for no deadline), {@code lockedBy} what locked it, once locked.
 */
public record DisputeView(String disputeId,
                          String escrowId,
                          DisputeState state,
                          DisputeReason reason,
                          String statement,
                          Actor openedBy,
                          String currency,
                          long heldAmount,
                          List<Evidence> evidence,
                          String evidenceDigest,
                          Instant lockedAt,
                          EvidenceLockCause lockedBy,
                          Instant evidenceDueBy,
                          Decision decision,
                          Instant createdAt,
                          Instant updatedAt,
                          Map<String, String> metadata) {

    public record Decision(DisputeOutcome outcome, BigDecimal clientRatio, BigDecimal contractorRatio,
                           String justification, long clientPayout, long contractorPayout, Instant resolvedAt) {
    }
}
