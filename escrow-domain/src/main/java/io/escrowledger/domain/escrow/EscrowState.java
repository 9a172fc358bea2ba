package io.escrowledger.domain.escrow;

/** The escrow's phase. See docs/state-machine.md for every allowed transition. */
public enum EscrowState {
    /** Terms agreed, no money declared yet. */
    CREATED,
    /** The integrator declared the funds held; every milestone is held. */
    FUNDED,
    /** At least one deliverable was submitted and money is still held. */
    DELIVERED,
    /** Terminal: every milestone was released to the contractor. */
    RELEASED,
    /** Terminal: every milestone was refunded to the client. */
    REFUNDED,
    /** Terminal: some milestones were released and others refunded. */
    SETTLED;

    public boolean holdsMoney() {
        return this == FUNDED || this == DELIVERED;
    }
}
