package io.escrowledger.domain.escrow.value;

/** RELEASE pays the contractor everything held, REFUND the client, SPLIT shares it by a ratio. */
public enum DisputeOutcome {
    RELEASE,
    REFUND,
    SPLIT
}
