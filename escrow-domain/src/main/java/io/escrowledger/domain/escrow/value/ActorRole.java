package io.escrowledger.domain.escrow.value;

/** The two parties of an escrow: the client pays, the contractor delivers. */
public enum ActorRole {
    CLIENT,
    CONTRACTOR
}
