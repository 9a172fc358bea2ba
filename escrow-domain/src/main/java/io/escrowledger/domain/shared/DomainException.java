package io.escrowledger.domain.shared;

import java.util.Map;

/**
 * A business rule refused a command. Nothing was stored. The code is the contract; the message is for humans; the
 * details carry facts the caller can act on (for example the id of an escrow that already uses an external id).
 */
public class DomainException extends RuntimeException {

    private final ErrorCode errorCode;
    private final Map<String, String> details;

    public DomainException(ErrorCode errorCode, String message) {
        this(errorCode, message, Map.of());
    }

    public DomainException(ErrorCode errorCode, String message, Map<String, String> details) {
        super(message, null, false, false);
        this.errorCode = errorCode;
        this.details = Map.copyOf(details);
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public Map<String, String> details() {
        return details;
    }
}
