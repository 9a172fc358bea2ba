package io.escrowledger.domain.escrow.value;

/** What paid a payout out of the escrow: a milestone's release or refund, or a dispute's decision. */
public enum PayoutKind {
    RELEASE,
    REFUND,
    DECISION
}
