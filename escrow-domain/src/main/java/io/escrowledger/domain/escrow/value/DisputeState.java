package io.escrowledger.domain.escrow.value;

/** OPEN (evidence accepted) → EVIDENCE_LOCKED (recommendation and decision possible) → RESOLVED. */
public enum DisputeState {
    OPEN,
    EVIDENCE_LOCKED,
    RESOLVED
}
