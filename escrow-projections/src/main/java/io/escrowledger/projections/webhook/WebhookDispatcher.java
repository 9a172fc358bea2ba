package io.escrowledger.projections.webhook;

import io.escrowledger.domain.escrow.EscrowEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Turns each escrow event into one message per subscribed endpoint of its integrator. Its own tracking processor
 * reads the event store (the store is the outbox): messages commit with the processor's token, so none is lost across
 * crashes or written twice. A projection rebuild never reaches it: replays are disallowed, so history is re-sent
 * only when an integrator asks (replay).
 */
@Component
@ProcessingGroup(WebhookDispatcher.PROCESSING_GROUP)
@DisallowReplay
public class WebhookDispatcher {

    public static final String PROCESSING_GROUP = "webhook-dispatch";
    private static final String LIVE = "";

    private final WebhookEndpoints endpoints;
    private final WebhookOutbox outbox;
    private final WebhookDeliveryWorker worker;

    public WebhookDispatcher(WebhookEndpoints endpoints, WebhookOutbox outbox, WebhookDeliveryWorker worker) {
        this.endpoints = endpoints;
        this.outbox = outbox;
        this.worker = worker;
    }

    @EventHandler
    public void on(EscrowEvent event, DomainEventMessage<?> message) {
        if (dispatch(message, event, null, LIVE) > 0 && CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> worker.wake());
        }
    }

    /**
     * Writes the messages for one stored event: to every subscribed endpoint, or only to {@code onlyEndpoint}.
     *
     * @return how many messages were new
     */
    public int dispatch(DomainEventMessage<?> message, EscrowEvent event, WebhookEndpoint onlyEndpoint,
                        String replayId) {
        Object integratorId = message.getMetaData().get("integrator_id");
        if (integratorId == null) {
            return 0;
        }
        WebhookEventType type = WebhookEventType.of(event);
        List<WebhookEndpoint> targets = (onlyEndpoint != null ? List.of(onlyEndpoint)
                : endpoints.subscribers(integratorId.toString(), message.getTimestamp()))
                .stream().filter(endpoint -> endpoint.receives(type)).toList();
        if (targets.isEmpty()) {
            return 0; // most events of most integrators: no body to build
        }
        String eventId = "evt_" + message.getIdentifier();
        String body = WebhookPayloads.body(eventId, event, message.getSequenceNumber(), message.getTimestamp());
        Object requestId = message.getMetaData().get("request_id");
        int created = 0;
        for (WebhookEndpoint endpoint : targets) {
            if (outbox.enqueue(endpoint, eventId, type, event.escrowId(), message.getSequenceNumber(), replayId,
                    body, requestId == null ? null : requestId.toString())) {
                created++;
            }
        }
        return created;
    }
}
