package io.escrowledger.domain.escrow.value;

/** What sealed a dispute's evidence. */
public enum EvidenceLockCause {
    /** The integrator's {@code POST /v1/disputes/{id}/lock}. */
    INTEGRATOR,
    /** The dispute's {@code evidence_due_by} passed with the evidence still open. */
    EVIDENCE_DEADLINE
}
