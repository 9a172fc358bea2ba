package io.escrowledger.api.escrow;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * How long a dispute takes evidence before it is locked by itself (its {@code evidence_due_by}), per integrator:
 * {@code escrow.disputes.evidence-window} for all (7 days unless set), {@code
 * escrow.disputes.evidence-window-by-integrator.<integrator id>} for one (docs/configuration.md). A window of 0 means
 * no deadline: the evidence waits for the integrator's lock.
 */
@Component
public class EvidenceWindows {

    static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

    private final Duration window;
    private final Map<String, Duration> byIntegrator;

    public EvidenceWindows(@Value("${escrow.disputes.evidence-window:7d}") Duration window, Environment environment) {
        this.window = window;
        this.byIntegrator = Binder.get(environment)
                                  .bind("escrow.disputes.evidence-window-by-integrator",
                                          Bindable.mapOf(String.class, Duration.class))
                                  .orElse(Map.of());
        if (window.isNegative() || byIntegrator.values().stream().anyMatch(Duration::isNegative)) {
            throw new IllegalStateException("escrow.disputes evidence windows cannot be negative");
        }
    }

    /** @return when a dispute the integrator opens at {@code openedAt} stops taking evidence; null for never */
    public Instant dueBy(String integratorId, Instant openedAt) {
        Duration chosen = byIntegrator.getOrDefault(integratorId, window);
        return chosen.isZero() ? null : openedAt.plus(chosen);
    }
}
