package io.escrowledger.api.web;

/** One invalid field of a request: its JSON path (e.g. {@code milestones[1].amount}) and what is wrong with it. */
public record FieldViolation(String field, String message) {
}
