package io.escrowledger.api.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * {@code escrow.processor.lag}: for each streaming (pooled or tracking) event processor, how many events the event
 * store holds beyond the position of the processor's slowest segment. Read from the tokens the processor committed in
 * token_entry rather than from this node's in-memory status, so every node reports the whole cluster's figure, and a
 * processor that stopped or fails on every node shows a growing lag instead of nothing. Subscribing processors run
 * in the command's transaction and cannot lag: they have no gauge.
 */
@Component
public class ProcessorLagMetrics implements MeterBinder {

    private final EventProcessingConfiguration processing;
    private final JdbcClient jdbc;
    private final Serializer tokenSerializer;

    public ProcessorLagMetrics(EventProcessingConfiguration processing, JdbcClient jdbc, TokenStore tokenStore) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.tokenSerializer = ((JdbcTokenStore) tokenStore).serializer();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor) {
                Gauge.builder("escrow.processor.lag", () -> lag(name))
                     .description("Events stored beyond the processor's slowest segment")
                     .tag("processor", name)
                     .register(registry);
            }
        });
    }

    /** Positions are global indexes; a segment that has handled nothing yet (no token) is at 0. */
    long lag(String processor) {
        long head = jdbc.sql("SELECT coalesce(max(global_index), 0) FROM domain_event_entry").query(Long.class).single();
        List<Long> positions = jdbc.sql("SELECT token, token_type FROM token_entry WHERE processor_name = ?")
                                   .param(processor)
                                   .query((row, n) -> position(row.getBytes("token"), row.getString("token_type")))
                                   .list();
        long slowest = positions.stream().mapToLong(Long::longValue).min().orElse(0);
        return Math.max(0, head - slowest);
    }

    private long position(byte[] token, String type) {
        if (token == null) {
            return 0;
        }
        TrackingToken tracking = tokenSerializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
        return tracking == null ? 0 : tracking.position().orElse(0);
    }
}
