package io.escrowledger.api.web;

import java.util.List;

/** A request that parsed but breaks the API's rules; answered 422 validation_failed with every violation at once. */
public class RequestValidationException extends RuntimeException {

    private final List<FieldViolation> violations;

    public RequestValidationException(List<FieldViolation> violations) {
        super(violations.size() + " invalid field(s)", null, false, false);
        this.violations = List.copyOf(violations);
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
