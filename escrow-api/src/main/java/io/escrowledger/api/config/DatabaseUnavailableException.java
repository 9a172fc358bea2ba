package io.escrowledger.api.config;

/** PostgreSQL cannot be used at start-up; the message says why in one line. */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
