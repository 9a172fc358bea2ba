package io.escrowledger.domain.escrow.value;

/** Why a party opened a dispute. */
public enum DisputeReason {
    DELIVERABLE_INCOMPLETE,
    NOT_DELIVERED,
    QUALITY_ISSUE,
    LATE_DELIVERY,
    NOT_AS_DESCRIBED,
    UNAUTHORIZED_TRANSACTION,
    OTHER
}
