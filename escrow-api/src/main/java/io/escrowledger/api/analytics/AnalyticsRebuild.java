package io.escrowledger.api.analytics;

import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.ApiException;
import io.escrowledger.projections.analytics.AnalyticsProjection;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Rebuilds the analytics schema from the event store: the analytics processor is stopped, its position reset to the
 * first event (its reset handler empties the tables), and started again; it then replays every event in the
 * background while the API goes on. Until it has caught up, analytics answers are partial. It resets this node's
 * processor: with several nodes, run it where the others' analytics processors are stopped (docs/analytics.md).
 */
@Component
public class AnalyticsRebuild {

    private static final Duration SHUTDOWN_PATIENCE = Duration.ofSeconds(30);

    private final EventProcessingConfiguration processing;

    public AnalyticsRebuild(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    public synchronized void start() {
        StreamingEventProcessor processor = processing
                .eventProcessor(AnalyticsProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("No analytics processor"));
        try {
            // A reset needs the processor stopped with its segments released, which happens asynchronously.
            processor.shutdownAsync().get(SHUTDOWN_PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            processor.start();
            throw new IllegalStateException("Interrupted while stopping the analytics processor", e);
        } catch (ExecutionException | TimeoutException e) {
            processor.start();
            throw new IllegalStateException("The analytics processor did not stop in " + SHUTDOWN_PATIENCE, e);
        }
        try {
            processor.resetTokens();
        } catch (UnableToClaimTokenException claimedElsewhere) {
            throw new ApiException(ApiError.CONCURRENT_MODIFICATION, "The analytics processor could not be reset: "
                    + "another node holds its segments. Stop the analytics processing there, then retry");
        } finally {
            processor.start();
        }
    }
}
