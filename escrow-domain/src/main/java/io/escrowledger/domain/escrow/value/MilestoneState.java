package io.escrowledger.domain.escrow.value;

/** A milestone's phase. Money is held while it is FUNDED or DELIVERED. */
public enum MilestoneState {
    PENDING,
    FUNDED,
    DELIVERED,
    RELEASED,
    REFUNDED,
    /** Paid out by a dispute decision, together with the other milestones held at that time. */
    RESOLVED;

    public boolean isHeld() {
        return this == FUNDED || this == DELIVERED;
    }
}
