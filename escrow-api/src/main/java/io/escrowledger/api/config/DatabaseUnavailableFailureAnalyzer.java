package io.escrowledger.api.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Replaces the stack trace of an unreachable database with what happened and what to do. */
public class DatabaseUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DatabaseUnavailableException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Start PostgreSQL, or point SPRING_DATASOURCE_URL (and SPRING_DATASOURCE_USERNAME, "
                + "SPRING_DATASOURCE_PASSWORD) at a running server.", cause);
    }
}
