package io.escrowledger.api.webhook;

import io.escrowledger.projections.webhook.WebhookEndpoint;
import io.escrowledger.projections.webhook.WebhookMessage;
import io.escrowledger.projections.webhook.WebhookOutbox;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

final class WebhookResponses {

    private WebhookResponses() {
    }

    /** {@code secret} is present only in the answers that create or rotate it. */
    record Endpoint(String id, String url, List<String> eventTypes, String description, boolean enabled,
                    String disabledReason, String secret, Instant createdAt, Instant updatedAt) {

        static Endpoint of(WebhookEndpoint endpoint, String secret) {
            return new Endpoint(endpoint.endpointId(), endpoint.url(), endpoint.eventTypes(), endpoint.description(),
                    endpoint.enabled(), endpoint.disabledReason(), secret, endpoint.createdAt(), endpoint.updatedAt());
        }
    }

    record EndpointList(List<Endpoint> data) {
    }

    record Attempt(Instant attemptedAt, Integer statusCode, int latencyMs, String error) {
        static Attempt of(WebhookOutbox.Attempt attempt) {
            return new Attempt(attempt.attemptedAt(), attempt.statusCode(), attempt.latencyMs(), attempt.error());
        }
    }

    /** One message to one endpoint: what was (or will be) sent, and every attempt so far. */
    record Delivery(String id, String endpointId, String eventId, String eventType, String escrowId, long sequence,
                    String replayId, String status, int attemptCount, Instant nextAttemptAt, Integer lastStatusCode,
                    String lastError, List<Attempt> attempts, String body, Instant createdAt, Instant deliveredAt) {

        static Delivery of(WebhookMessage message, List<WebhookOutbox.Attempt> attempts) {
            return new Delivery(message.messageId(), message.endpointId(), message.eventId(), message.eventType(),
                    message.escrowId(), message.sequence(), message.replayId().isEmpty() ? null : message.replayId(),
                    message.state().toLowerCase(Locale.ROOT), message.attemptCount(),
                    "PENDING".equals(message.state()) ? message.nextAttemptAt() : null, message.lastStatus(),
                    message.lastError(), attempts.stream().map(Attempt::of).toList(), message.body(),
                    message.createdAt(), message.deliveredAt());
        }
    }

    record DeliveryList(List<Delivery> data, boolean hasMore, String nextCursor) {
    }

    record ReplayStarted(String replayId, int enqueued) {
    }
}
