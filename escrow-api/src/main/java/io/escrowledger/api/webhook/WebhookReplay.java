package io.escrowledger.api.webhook;

import io.escrowledger.projections.replay.EventHistory;
import io.escrowledger.domain.escrow.event.EscrowEvent;
import io.escrowledger.projections.support.AfterCommit;
import io.escrowledger.projections.webhook.WebhookDelivery;
import io.escrowledger.projections.webhook.WebhookDispatcher;
import io.escrowledger.projections.webhook.WebhookEndpoint;
import io.escrowledger.projections.webhook.WebhookMessage;
import io.escrowledger.projections.webhook.WebhookOutbox;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * Re-sends history to one endpoint, straight from the event store (not from any read model), however far back:
 * every event of one escrow, or every event of the integrator since a moment. Each replay makes new messages, with
 * the same bodies (and so the same event ids and sequences) as the originals.
 */
@Component
public record WebhookReplay(EventStore eventStore, EventHistory eventHistory, WebhookDispatcher dispatcher,
                            WebhookDelivery delivery, WebhookOutbox outbox) {

    public int escrow(WebhookEndpoint endpoint, String escrowId, String replayId) {
        int[] created = {0};
        eventHistory.of(escrowId).forEach(message -> created[0] += resend(endpoint, message, replayId));
        AfterCommit.run(delivery::wake);
        return created[0];
    }

    public int since(WebhookEndpoint endpoint, Instant since, String replayId) {
        int created = 0;
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(eventStore.createTokenAt(since))) {
            while (stream.hasNextAvailable()) {
                if (stream.nextAvailable() instanceof DomainEventMessage<?> message) {
                    created += resend(endpoint, message, replayId);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Replay interrupted", e);
        }
        AfterCommit.run(delivery::wake);
        return created;
    }

    /** Sends one message again now, with a fresh retry schedule, unless it is being attempted right now. */
    public Optional<WebhookMessage> retry(String integratorId, String messageId) {
        Optional<WebhookMessage> queued = outbox.retryNow(integratorId, messageId);
        queued.ifPresent(message -> AfterCommit.run(delivery::wake));
        return queued;
    }

    /** The dispatcher sends an event only to an endpoint of the escrow's own integrator. */
    private int resend(WebhookEndpoint endpoint, DomainEventMessage<?> message, String replayId) {
        return message.getPayload() instanceof EscrowEvent event
                ? dispatcher.dispatch(message, event, endpoint, replayId).size() : 0;
    }
}
