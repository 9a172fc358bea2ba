package io.escrowledger.api.analytics;

import io.escrowledger.projections.analytics.AnalyticsProjection;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the analytics schema from the event store: the analytics processor is stopped, its position reset to the
 * first event (its reset handler empties the tables), and started again; it then replays every event in the
 * background while the API goes on. Until it has caught up, analytics answers are partial.
 */
@Component
public class AnalyticsRebuild {

    private final EventProcessingConfiguration processing;

    public AnalyticsRebuild(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    public synchronized void start() {
        StreamingEventProcessor processor = processing
                .eventProcessor(AnalyticsProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("No analytics processor"));
        processor.shutDown();
        processor.resetTokens();
        processor.start();
    }
}
