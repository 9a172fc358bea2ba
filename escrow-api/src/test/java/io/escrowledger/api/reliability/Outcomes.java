package io.escrowledger.api.reliability;

import io.escrowledger.api.support.ApiClient;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * How each request of a scenario ended, counted by kind: {@code 2xx}, a status with its problem code (such as
 * {@code 409 invalid_state_transition}), or {@code no answer (…)} when the connection failed before an answer came.
 */
final class Outcomes {

    static final String ACKNOWLEDGED = "2xx";

    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();

    /** Sends the request and counts how it ended. @return the answer, or null when none came */
    ApiClient.Response send(Supplier<ApiClient.Response> request) {
        sent.increment();
        try {
            ApiClient.Response response = request.get();
            tally(kind(response));
            return response;
        } catch (UncheckedIOException noAnswer) {
            tally("no answer (" + noAnswer.getCause().getClass().getSimpleName() + ")");
            return null;
        }
    }

    static String kind(ApiClient.Response response) {
        if (response.status() / 100 == 2) {
            return ACKNOWLEDGED;
        }
        String code = response.body().contains("\"code\"") ? " " + response.json().path("code").asString() : "";
        return response.status() + code;
    }

    private void tally(String kind) {
        byKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    long sent() {
        return sent.sum();
    }

    long count(String kind) {
        LongAdder adder = byKind.get(kind);
        return adder == null ? 0 : adder.sum();
    }

    long acknowledged() {
        return count(ACKNOWLEDGED);
    }

    /** Every kind but 2xx, with its count. */
    Map<String, Long> failures() {
        Map<String, Long> failures = new TreeMap<>();
        byKind.forEach((kind, count) -> {
            if (!kind.equals(ACKNOWLEDGED)) {
                failures.put(kind, count.sum());
            }
        });
        return failures;
    }

    /** Whether any answer was a 5xx: the service failing, never an expected outcome. */
    boolean anyServerError() {
        return byKind.keySet().stream().anyMatch(kind -> kind.startsWith("5"));
    }
}
