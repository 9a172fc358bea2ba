package io.escrowledger.api.security;

import io.escrowledger.api.web.ApiError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.Arrays;

/**
 * Counts refused credentials by the code the caller was answered with ({@code escrow.auth.failures}, tag
 * {@code reason}). A rise of one reason tells an operator what is going on: a client's clock drifting
 * (timestamp_out_of_window), a revoked key still in use (invalid_api_key), someone guessing (invalid_signature).
 */
@Component
public class AuthenticationFailures {

    static final String METER = "escrow.auth.failures";

    private final MeterRegistry registry;

    public AuthenticationFailures(MeterRegistry registry) {
        this.registry = registry;
        // Every reason from zero, so a rate is defined before the first failure.
        Arrays.stream(ApiError.values()).filter(error -> error.status().value() == 401).forEach(this::counter);
    }

    void record(ApiError reason) {
        counter(reason).increment();
    }

    private Counter counter(ApiError reason) {
        return Counter.builder(METER)
                      .description("Requests refused for their credentials, by the code answered")
                      .tag("reason", reason.code())
                      .register(registry);
    }
}
