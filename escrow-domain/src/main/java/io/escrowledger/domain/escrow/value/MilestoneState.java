package io.escrowledger.domain.escrow.value;

/** A milestone's phase. Money is held while it is FUNDED or DELIVERED, also after part of it was paid out. */
public enum MilestoneState {
    PENDING,
    FUNDED,
    DELIVERED,
    RELEASED,
    REFUNDED,
    /** Paid out by a dispute decision, together with the other milestones held at that time. */
    RESOLVED,
    /** Paid out in parts, some released to the contractor and some refunded to the client. */
    SETTLED;

    public boolean isHeld() {
        return this == FUNDED || this == DELIVERED;
    }
}
