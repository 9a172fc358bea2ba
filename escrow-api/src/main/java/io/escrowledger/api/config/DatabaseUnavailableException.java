package io.escrowledger.api.config;

import io.escrowledger.boot.StartupProblem;

/** PostgreSQL cannot be used at start-up; the message says why in one line. */
public class DatabaseUnavailableException extends StartupProblem {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, "Start PostgreSQL, or point SPRING_DATASOURCE_URL (and SPRING_DATASOURCE_USERNAME, "
                       + "SPRING_DATASOURCE_PASSWORD) at a running server.", cause);
    }
}
