package io.escrowledger.projections.audit;

import java.sql.SQLException;
import java.util.Optional;

/**
 * An event's predecessor has no link in the hash chain although it should: the stored history was changed behind the
 * service's back. Nothing more is appended to that aggregate until an operator has looked (docs/audit.md). The
 * database refuses such an append itself (V14's trigger, with {@link #SQL_STATE}); this says so in Java's terms.
 */
public class BrokenChainException extends IllegalStateException {

    /** The SQLSTATE the chaining trigger raises. */
    public static final String SQL_STATE = "EL001";

    public BrokenChainException(String message) {
        super(message);
    }

    public BrokenChainException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The broken chain behind a failure, if that is what it was. */
    public static Optional<BrokenChainException> causing(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BrokenChainException broken) {
                return Optional.of(broken);
            }
            if (cause instanceof SQLException sql && SQL_STATE.equals(sql.getSQLState())) {
                return Optional.of(new BrokenChainException(sql.getMessage()));
            }
        }
        return Optional.empty();
    }
}
