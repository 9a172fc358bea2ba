package io.escrowledger.projections.webhook;

import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowEvent;
import io.escrowledger.projections.escrow.EscrowQueries;
import io.escrowledger.projections.support.AfterCommit;
import io.escrowledger.projections.support.SubscribingProcessor;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns each escrow event into one message per subscribed endpoint of its integrator, in the transaction that stores
 * the event (a subscribing processor): an event and its messages commit together, so none is lost across crashes or
 * written twice, and no processor has to follow the event store to find them. A projection rebuild never reaches it
 * (replays are disallowed): history is re-sent only when an integrator asks (replay).
 */
@Component
@SubscribingProcessor
@ProcessingGroup(WebhookDispatcher.PROCESSING_GROUP)
@DisallowReplay
public record WebhookDispatcher(WebhookEndpoints endpoints, WebhookOutbox outbox, WebhookDelivery delivery,
                                EscrowQueries escrows) {

    public static final String PROCESSING_GROUP = "webhook-dispatch";
    private static final String LIVE = "";

    @EventHandler
    public void on(EscrowEvent event, DomainEventMessage<?> message) {
        List<String> endpointIds = dispatch(message, event, null, LIVE);
        if (!endpointIds.isEmpty()) {
            AfterCommit.run(() -> delivery.wake(endpointIds));
        }
    }

    /**
     * Writes the messages for one stored event: to every subscribed endpoint of the escrow's integrator, or only to
     * {@code onlyEndpoint} if it is theirs.
     *
     * @return the endpoints that got a new message
     */
    public List<String> dispatch(DomainEventMessage<?> message, EscrowEvent event, WebhookEndpoint onlyEndpoint,
                        String replayId) {
        Optional<String> integratorId = integratorOf(message, event);
        // As the event store keeps it: a message written live and one re-sent from history carry the same time.
        Instant occurredAt = message.getTimestamp().truncatedTo(ChronoUnit.MILLIS);
        if (integratorId.isEmpty()) {
            return List.of();
        }
        WebhookEventType type = WebhookEventType.of(event);
        List<WebhookEndpoint> targets = (onlyEndpoint != null
                ? Stream.of(onlyEndpoint).filter(endpoint -> endpoint.integratorId().equals(integratorId.get()))
                : endpoints.subscribers(integratorId.get()).stream())
                .filter(endpoint -> endpoint.receives(type)).toList();
        if (targets.isEmpty()) {
            return List.of(); // most events of most integrators: no body to build
        }
        String eventId = "evt_" + message.getIdentifier();
        String body = WebhookPayloads.body(eventId, event, message.getSequenceNumber(), occurredAt,
                event instanceof EscrowCreatedEvent created ? created.testClockId()
                        : escrows.testClockOf(event.escrowId()).orElse(null));
        Object requestId = message.getMetaData().get("request_id");
        List<String> created = new ArrayList<>();
        for (WebhookEndpoint endpoint : targets) {
            if (outbox.enqueue(endpoint, eventId, type, event.escrowId(), message.getSequenceNumber(), replayId,
                    body, requestId == null ? null : requestId.toString())) {
                created.add(endpoint.endpointId());
            }
        }
        return created;
    }

    /**
     * Whose escrow the event is about. A request's events carry the integrator in their metadata; those a deadline
     * caused (expiry, time release, overdue milestone) carry none, and belong to the escrow's integrator all the same.
     */
    private Optional<String> integratorOf(DomainEventMessage<?> message, EscrowEvent event) {
        Object fromRequest = message.getMetaData().get("integrator_id");
        return fromRequest != null ? Optional.of(fromRequest.toString()) : escrows.integratorOf(event.escrowId());
    }
}
