package io.escrowledger.api.webhook;

import io.escrowledger.projections.webhook.WebhookEndpoint;
import io.escrowledger.projections.webhook.WebhookEventType;
import io.escrowledger.projections.webhook.WebhookMessage;
import io.escrowledger.projections.webhook.WebhookOutbox;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

final class WebhookResponses {

    private WebhookResponses() {
    }

    /** {@code secret} is present only in the answers that create or rotate it. */
    @Schema(name = "WebhookEndpoint", description = "A webhook endpoint of yours.")
    record Endpoint(
            @Schema(description = "whe_ and a time-ordered UUID", example = "whe_01a1fd92-5c1e-7b21-9a44-0c5e2f1d8a10")
            String id,
            @Schema(example = "https://example.com/hooks") String url,
            @ArraySchema(schema = @Schema(implementation = WebhookEventType.class),
                    arraySchema = @Schema(nullable = true,
                            description = "The event types it receives; null for every type, including types added "
                                          + "later"))
            List<String> eventTypes,
            @Schema(nullable = true, description = "Your note; null when none was given") String description,
            @Schema(description = "false: no message is made for new events (see disabled_reason)") boolean enabled,
            @Schema(nullable = true,
                    description = "Why the service disabled the endpoint (it answered 410 Gone); null otherwise")
            String disabledReason,
            @Schema(nullable = true,
                    description = "The signing secret (whsec_ and base64), only in the answers that create or rotate "
                                  + "it; null everywhere else. Keep it: it is never shown again")
            String secret,
            Instant createdAt,
            Instant updatedAt) {

        static Endpoint of(WebhookEndpoint endpoint, String secret) {
            return new Endpoint(endpoint.endpointId(), endpoint.url(), endpoint.eventTypes(), endpoint.description(),
                    endpoint.enabled(), endpoint.disabledReason(), secret, endpoint.createdAt(), endpoint.updatedAt());
        }
    }

    @Schema(name = "WebhookEndpointList", description = "All your webhook endpoints.")
    record EndpointList(
            List<Endpoint> data) {
    }

    @Schema(name = "WebhookAttempt", description = "One attempt to deliver a message.")
    record Attempt(
            Instant attemptedAt,
            @Schema(nullable = true,
                    description = "The HTTP status the endpoint answered; null when no answer came (timeout, refused "
                                  + "or reset connection, refused target)")
            Integer statusCode,
            @Schema(description = "How long the attempt took") int latencyMs,
            @Schema(nullable = true, description = "Why the attempt failed; null when it succeeded") String error) {
        static Attempt of(WebhookOutbox.Attempt attempt) {
            return new Attempt(attempt.attemptedAt(), attempt.statusCode(), attempt.latencyMs(), attempt.error());
        }
    }

    /** One message to one endpoint: what was (or will be) sent, and every attempt so far. */
    @Schema(name = "WebhookDelivery",
            description = "One message to one endpoint: what was (or will be) sent, and every attempt so far.")
    record Delivery(
            @Schema(description = "msg_ and a time-ordered UUID: the webhook-id header, the same on every retry",
                    example = "msg_01a1fd92-5c1e-7b21-9a44-0c5e2f1d8a10")
            String id,
            @Schema(example = "whe_01a1fd92-5c1e-7b21-9a44-0c5e2f1d8a10") String endpointId,
            @Schema(description = "The body's id: evt_ and the event's id, the same for every endpoint and replay",
                    example = "evt_5f0c2a1e-3b4d-4c5e-8f6a-7b8c9d0e1f2a")
            String eventId,
            @Schema(implementation = WebhookEventType.class) String eventType,
            @Schema(example = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc") String escrowId,
            @Schema(description = "The event's position in the escrow's history (0, 1, 2 ...)") long sequence,
            @Schema(nullable = true,
                    description = "The replay (rpl_...) that made this message; null for the message the live event "
                                  + "made")
            String replayId,
            @Schema(allowableValues = {"pending", "sending", "delivered", "dead"},
                    description = "pending: waits for its next attempt; sending: an attempt is under way; delivered: "
                                  + "a 2xx came back; dead: attempts exhausted, or the endpoint was deleted or "
                                  + "disabled")
            String status,
            @Schema(description = "Attempts since the message was made or last retried by hand") int attemptCount,
            @Schema(nullable = true, description = "When the next attempt is due; null unless the status is pending")
            Instant nextAttemptAt,
            @Schema(nullable = true,
                    description = "The HTTP status of the last attempt; null before any, or when no answer came")
            Integer lastStatusCode,
            @Schema(nullable = true,
                    description = "Why the last attempt failed; null before any attempt, or when the last one "
                                  + "succeeded")
            String lastError,
            @ArraySchema(arraySchema = @Schema(description = "Every attempt, oldest first")) List<Attempt> attempts,
            @Schema(description = "The exact body sent (the WebhookEvent schema), as a JSON string") String body,
            Instant createdAt,
            @Schema(nullable = true, description = "When a 2xx came back; null until one has") Instant deliveredAt) {

        static Delivery of(WebhookMessage message, List<WebhookOutbox.Attempt> attempts) {
            return new Delivery(message.messageId(), message.endpointId(), message.eventId(), message.eventType(),
                    message.escrowId(), message.sequence(), message.replayId().isEmpty() ? null : message.replayId(),
                    message.state().toLowerCase(Locale.ROOT), message.attemptCount(),
                    "PENDING".equals(message.state()) ? message.nextAttemptAt() : null, message.lastStatus(),
                    message.lastError(), attempts.stream().map(Attempt::of).toList(), message.body(),
                    message.createdAt(), message.deliveredAt());
        }
    }

    @Schema(name = "WebhookDeliveryList", description = "A page of an endpoint's messages, newest first.")
    record DeliveryList(
            List<Delivery> data,
            boolean hasMore,
            @Schema(nullable = true, description = "The cursor of the next page; null on the last page")
            String nextCursor) {
    }

    @Schema(name = "ReplayStarted", description = "A replay, queued.")
    record ReplayStarted(
            @Schema(description = "rpl_ and a time-ordered UUID; the replay_id of every message it made",
                    example = "rpl_01a1fd92-5c1e-7b21-9a44-0c5e2f1d8a10")
            String replayId,
            @Schema(description = "How many messages the replay queued for the endpoint") int enqueued) {
    }
}
