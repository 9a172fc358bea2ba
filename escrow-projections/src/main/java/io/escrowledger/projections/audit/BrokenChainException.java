package io.escrowledger.projections.audit;

/**
 * An event's predecessor has no link in the hash chain although it should: the stored history was changed behind the
 * service's back. Nothing more is appended to that aggregate until an operator has looked (docs/audit.md).
 */
public class BrokenChainException extends IllegalStateException {

    public BrokenChainException(String message) {
        super(message);
    }
}
