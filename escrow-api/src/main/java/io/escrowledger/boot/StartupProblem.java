package io.escrowledger.boot;

/**
 * Something the operator must fix before the service can start. Reported by {@link StartupProblemFailureAnalyzer} as
 * what happened and what to do, without a stack trace.
 */
public class StartupProblem extends RuntimeException {

    private final String action;

    public StartupProblem(String description, String action, Throwable cause) {
        super(description, cause);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
