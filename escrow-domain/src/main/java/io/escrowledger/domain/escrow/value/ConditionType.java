package io.escrowledger.domain.escrow.value;

/** What, besides the integrator's own release call, releases an escrow's held money. */
public enum ConditionType {
    /** Released automatically at {@code release_at}, unless a dispute is open then. */
    TIME_RELEASE,
    /** Released when the named oracle reports {@code confirmed}; refunded when it reports {@code rejected}. */
    ORACLE_CONFIRMATION,
    /** Released once {@code threshold} distinct listed approvers have approved. */
    MULTI_SIG_APPROVAL,
    /** Released when the buyer (or whoever the integrator names) confirms delivery. */
    DELIVERY_CONFIRMATION
}
