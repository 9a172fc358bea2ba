package io.escrowledger.api.web;

/** A refusal decided by the HTTP layer itself (not by a domain rule), with its error code. */
public class ApiException extends RuntimeException {

    private final ApiError error;

    public ApiException(ApiError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
