package io.escrowledger.domain.escrow.value;

/** What an oracle reports about the event an escrow waits for. */
public enum OracleOutcome {
    /** The event happened: the held money is released. */
    CONFIRMED,
    /** The event did not happen: the held money is refunded. */
    REJECTED
}
