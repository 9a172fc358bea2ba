package io.escrowledger.domain.escrow;

/** A milestone's phase. Money is held while it is FUNDED or DELIVERED. */
public enum MilestoneState {
    PENDING,
    FUNDED,
    DELIVERED,
    RELEASED,
    REFUNDED;

    public boolean isHeld() {
        return this == FUNDED || this == DELIVERED;
    }
}
