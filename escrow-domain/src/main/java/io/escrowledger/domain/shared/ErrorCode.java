package io.escrowledger.domain.shared;

import java.util.Locale;

/**
 * Stable, machine-readable reasons a command is refused. The API maps each to one HTTP status in one place; the
 * lower-case name is the {@code code} integrators see, so a constant is never renamed once released.
 */
public enum ErrorCode {
    VALIDATION_FAILED,
    MILESTONES_SUM_MISMATCH,
    DUPLICATE_EXTERNAL_ID,
    ESCROW_NOT_FOUND,
    MILESTONE_NOT_FOUND,
    INVALID_STATE_TRANSITION,
    PAYMENT_REFERENCE_CONFLICT,
    DISPUTE_NOT_FOUND,
    EVIDENCE_LOCKED,
    EVIDENCE_NOT_LOCKED,
    VAULT_NOT_FOUND,
    VAULT_FROZEN,
    INSUFFICIENT_BALANCE,
    CURRENCY_MISMATCH,
    REFERENCE_CONFLICT,
    ESCROW_EXPIRED,
    RELEASE_CONDITION_MISMATCH,
    UNKNOWN_APPROVER,
    UNKNOWN_ORACLE,
    ESCROW_FROZEN,
    PAYOUT_NOT_FOUND,
    PAYOUT_PARTY_MISMATCH,
    AMOUNT_EXCEEDS_HELD;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
