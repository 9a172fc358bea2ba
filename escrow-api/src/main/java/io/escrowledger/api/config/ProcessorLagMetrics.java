package io.escrowledger.api.config;

import io.escrowledger.projections.analytics.AnalyticsReplay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * {@code escrow.processor.lag{processor="analytics"}}: how many escrows a rebuild of the analytics schema
 * (AnalyticsReplay) still has to replay on this node; 0 when none runs. Every read model, the analytics schema and
 * the webhook outbox are written in the command's transaction, so nothing else can fall behind the event store.
 */
@Component
public record ProcessorLagMetrics(AnalyticsReplay analytics) implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("escrow.processor.lag", analytics, AnalyticsReplay::remaining)
             .description("Escrows a rebuild of the analytics schema still has to replay")
             .tag("processor", "analytics")
             .register(registry);
    }
}
