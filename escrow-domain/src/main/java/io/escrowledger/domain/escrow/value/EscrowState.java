package io.escrowledger.domain.escrow.value;

/** The escrow's phase. See docs/state-machine.md for every allowed transition. */
public enum EscrowState {
    /** Terms agreed, no money declared yet. */
    CREATED,
    /** The integrator declared the funds held; every milestone is held. */
    FUNDED,
    /** At least one deliverable was submitted and money is still held. */
    DELIVERED,
    /** A dispute is open: the held money waits for its decision. */
    DISPUTED,
    /** Terminal: every milestone was released to the contractor. */
    RELEASED,
    /** Terminal: every milestone was refunded to the client. */
    REFUNDED,
    /** Terminal: some milestones were released and others refunded. */
    SETTLED,
    /** Terminal: a dispute decision paid out what was held. */
    RESOLVED,
    /** Terminal: the escrow expired before any money was held. */
    EXPIRED,
    /** Terminal: the integrator called the escrow off before any money was held. */
    CANCELLED;

    /** Whether deliverables, releases, refunds and disputes are accepted: money is held and no dispute is open. */
    public boolean isActive() {
        return this == FUNDED || this == DELIVERED;
    }

    /** Whether the escrow is over: nothing is held and nothing more can happen to it. */
    public boolean isClosed() {
        return this == RELEASED || this == REFUNDED || this == SETTLED || this == RESOLVED || this == EXPIRED
               || this == CANCELLED;
    }
}
