package io.escrowledger.api.webhook;

import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.ApiException;
import io.escrowledger.api.web.Cursors;
import io.escrowledger.api.web.Ids;
import io.escrowledger.api.web.RequestContext;
import io.escrowledger.api.web.Validator;
import io.escrowledger.projections.escrow.EscrowQueries;
import io.escrowledger.projections.support.TimeOrderedIds;
import io.escrowledger.projections.webhook.WebhookEndpoint;
import io.escrowledger.projections.webhook.WebhookEndpoints;
import io.escrowledger.projections.webhook.WebhookEventType;
import io.escrowledger.projections.webhook.WebhookMessage;
import io.escrowledger.projections.webhook.WebhookOutbox;
import io.escrowledger.projections.webhook.delivery.WebhookTargets;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Integrators manage their webhook endpoints, read every delivery attempt, retry one, and replay history. */
@Tag(name = "Webhooks",
        description = "Your webhook endpoints, every message and delivery attempt, retries and replays of history.")
@RestController
public record WebhookController(WebhookEndpoints endpoints, WebhookOutbox outbox, WebhookTargets targets,
                                WebhookReplay replay, EscrowQueries escrows, Cursors cursors, Clock clock) {

    private static final String ENDPOINT_ID = "The endpoint's id: whe_ and a time-ordered UUID";
    private static final String ENDPOINT_ID_EXAMPLE = "whe_01a1fd92-5c1e-7b21-9a44-0c5e2f1d8a10";

    private static final Set<String> PATCHABLE = Set.of("url", "event_types", "description", "enabled");
    private static final Set<String> STATUSES = Set.of("pending", "sending", "delivered", "dead");

    @Operation(operationId = "createWebhookEndpoint", summary = "Register a webhook endpoint",
            description = "Registers an endpoint that receives the events of your escrows that happen from now on. The "
                          + "answer carries the signing secret, shown only here and on rotation.")
    @ApiResponse(responseCode = "201", description = "The endpoint, enabled, with its secret",
            useReturnTypeSchema = true)
    @PostMapping("/v1/webhook-endpoints")
    ResponseEntity<WebhookResponses.Endpoint> create(@RequestBody WebhookRequests.CreateEndpoint request,
                                                     RequestContext context) {
        String integratorId = context.integratorId();
        Validator check = new Validator();
        String url = url(check, request.url());
        List<String> types = eventTypes(check, request.eventTypes());
        String description = request.description() == null ? null : check.text("description", request.description(), 0, 500);
        check.throwIfInvalid();
        WebhookEndpoints.WithSecret created = endpoints.create(Ids.WEBHOOK_ENDPOINT.next(clock), integratorId, url,
                description, types);
        return ResponseEntity.status(HttpStatus.CREATED)
                             .body(WebhookResponses.Endpoint.of(created.endpoint(), created.secret()));
    }

    @Operation(operationId = "listWebhookEndpoints", summary = "List your webhook endpoints",
            description = "Every endpoint you registered and did not delete; secret is null.")
    @GetMapping("/v1/webhook-endpoints")
    WebhookResponses.EndpointList list(RequestContext context) {
        return new WebhookResponses.EndpointList(endpoints.list(context.integratorId()).stream()
                                                          .map(e -> WebhookResponses.Endpoint.of(e, null)).toList());
    }

    @Operation(operationId = "getWebhookEndpoint", summary = "Read a webhook endpoint",
            description = "The endpoint; secret is null.")
    @GetMapping("/v1/webhook-endpoints/{endpointId}")
    WebhookResponses.Endpoint get(@Parameter(description = ENDPOINT_ID, example = ENDPOINT_ID_EXAMPLE)
                                  @PathVariable String endpointId, RequestContext context) {
        return WebhookResponses.Endpoint.of(endpoint(context, endpointId), null);
    }

    /** Changes the fields sent; {@code "event_types": null} goes back to every type. */
    @Operation(operationId = "updateWebhookEndpoint", summary = "Change a webhook endpoint",
            description = "Changes the fields sent (url, event_types, description, enabled) and keeps the others; "
                          + "\"event_types\": null goes back to every type, \"enabled\": true re-enables an endpoint "
                          + "the service disabled. Any other field is 422 validation_failed.")
    @PatchMapping("/v1/webhook-endpoints/{endpointId}")
    WebhookResponses.Endpoint update(@Parameter(description = ENDPOINT_ID, example = ENDPOINT_ID_EXAMPLE)
                                     @PathVariable String endpointId,
                                     @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                                             content = @Content(schema = @Schema(
                                                     implementation = WebhookRequests.UpdateEndpoint.class)))
                                     @RequestBody JsonNode patch,
                                     RequestContext context) {
        WebhookEndpoint current = endpoint(context, endpointId);
        if (!patch.isObject()) {
            throw new ApiException(ApiError.MALFORMED_REQUEST, "The body must be a JSON object");
        }
        Validator check = new Validator();
        for (String field : patch.propertyNames()) {
            if (!PATCHABLE.contains(field)) {
                check.reject(field, "cannot be changed (changeable: url, event_types, description, enabled)");
            }
        }
        String url = patch.has("url") ? url(check, textOrNull(check, patch, "url")) : null;
        String description = patch.has("description")
                ? check.text("description", textOrNull(check, patch, "description"), 0, 500) : null;
        Boolean enabled = null;
        if (patch.has("enabled")) {
            if (patch.get("enabled").isBoolean()) {
                enabled = patch.get("enabled").asBoolean();
            } else {
                check.reject("enabled", "must be true or false");
            }
        }
        List<String> types = null;
        boolean allTypes = patch.has("event_types") && patch.get("event_types").isNull();
        if (patch.has("event_types") && !allTypes) {
            types = eventTypes(check, patch.get("event_types"));
        }
        check.throwIfInvalid();
        return WebhookResponses.Endpoint.of(endpoints.update(current.integratorId(), endpointId, url, description,
                types, allTypes, enabled).orElseThrow(() -> notFound(endpointId)), null);
    }

    @Operation(operationId = "deleteWebhookEndpoint", summary = "Delete a webhook endpoint",
            description = "Nothing more is sent to the endpoint; its pending messages are dropped (dead-lettered).")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/v1/webhook-endpoints/{endpointId}")
    ResponseEntity<Void> delete(@Parameter(description = ENDPOINT_ID, example = ENDPOINT_ID_EXAMPLE)
                                @PathVariable String endpointId, RequestContext context) {
        if (!endpoints.delete(context.integratorId(), endpointId)) {
            throw notFound(endpointId);
        }
        return ResponseEntity.noContent().build();
    }

    /** A new secret, shown once; the old one keeps signing, as a second signature, for 24 hours. */
    @Operation(operationId = "rotateWebhookSecret", summary = "Rotate a webhook endpoint's secret",
            description = "Answers the endpoint with a new secret, shown only here. For 24 hours the old secret keeps "
                          + "signing too, as a second signature, so receivers can switch without failures.")
    @PostMapping("/v1/webhook-endpoints/{endpointId}/rotate-secret")
    WebhookResponses.Endpoint rotateSecret(@Parameter(description = ENDPOINT_ID, example = ENDPOINT_ID_EXAMPLE)
                                           @PathVariable String endpointId, RequestContext context) {
        String secret = endpoints.rotateSecret(context.integratorId(), endpointId)
                                 .orElseThrow(() -> notFound(endpointId));
        return WebhookResponses.Endpoint.of(endpoint(context, endpointId), secret);
    }

    @Operation(operationId = "listWebhookDeliveries", summary = "List an endpoint's messages",
            description = "Every message made for the endpoint, newest first: its exact body, event, escrow and "
                          + "sequence, and every delivery attempt (time, status code, latency, error).")
    @GetMapping("/v1/webhook-endpoints/{endpointId}/deliveries")
    WebhookResponses.DeliveryList deliveries(@Parameter(description = ENDPOINT_ID, example = ENDPOINT_ID_EXAMPLE)
                                             @PathVariable String endpointId,
                                             @Parameter(description = "Only the messages in this status",
                                                     schema = @Schema(type = "string", allowableValues = {
                                                             "pending", "sending", "delivered", "dead"}))
                                             @RequestParam(required = false) String status,
                                             @Parameter(description = "Page size, 1 to 200 (default 50)",
                                                     example = "50")
                                             @RequestParam(required = false) Integer limit,
                                             @Parameter(description = "The next_cursor of the previous page")
                                             @RequestParam(required = false) String cursor,
                                             RequestContext context, HttpServletRequest http) {
        endpoint(context, endpointId);
        Validator check = new Validator();
        if (status != null && !STATUSES.contains(status)) {
            check.reject("status", "must be one of pending, sending, delivered, dead");
        }
        int pageSize = check.pageSize(limit);
        String after = cursors.position(check, http, cursor, Ids.WEBHOOK_MESSAGE::isWellFormed);
        check.throwIfInvalid();
        WebhookOutbox.Page page = outbox.list(endpointId, status == null ? null : status.toUpperCase(Locale.ROOT),
                after, pageSize);
        Map<String, List<WebhookOutbox.Attempt>> attempts = outbox.attempts(
                page.messages().stream().map(WebhookMessage::messageId).toList());
        List<WebhookResponses.Delivery> data = page.messages().stream().map(message -> WebhookResponses.Delivery.of(
                message, attempts.getOrDefault(message.messageId(), List.of()))).toList();
        return new WebhookResponses.DeliveryList(data, page.hasMore(),
                cursors.next(http, page.hasMore(), data, WebhookResponses.Delivery::id));
    }

    @Operation(operationId = "retryWebhookDelivery", summary = "Send a message again now",
            description = "Queues the message for an attempt now, with a fresh retry schedule, whatever its status (a "
                          + "dead message included). 409 request_in_progress while an attempt is under way.")
    @ApiResponse(responseCode = "202", description = "The message, pending", useReturnTypeSchema = true)
    @PostMapping("/v1/webhook-deliveries/{messageId}/retry")
    ResponseEntity<WebhookResponses.Delivery> retry(@Parameter(description = "The message's id: msg_ and a "
                                                                             + "time-ordered UUID (a delivery's id)",
                                                               example = "msg_01a1fd92-5c1e-7b21-9a44-0c5e2f1d8a10")
                                                    @PathVariable String messageId, RequestContext context) {
        String integratorId = context.integratorId();
        if (outbox.find(integratorId, messageId).isEmpty()) {
            throw new ApiException(ApiError.WEBHOOK_DELIVERY_NOT_FOUND, "No webhook delivery " + messageId);
        }
        WebhookMessage queued = replay.retry(integratorId, messageId).orElseThrow(() -> new ApiException(
                ApiError.REQUEST_IN_PROGRESS, "Delivery " + messageId + " is being attempted right now"));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(delivery(queued));
    }

    /** Re-sends history from the event store: one escrow's events, or everything since a moment. */
    @Operation(operationId = "replayWebhooks", summary = "Re-send history to an endpoint",
            description = "Re-sends, from the event store, every event of one escrow or every event of your escrows "
                          + "since an instant, however old, as new messages with the original bodies. A since replay "
                          + "reads the store within the request: prefer escrow_id for one escrow.")
    @ApiResponse(responseCode = "202", description = "The replay, queued", useReturnTypeSchema = true)
    @PostMapping("/v1/webhook-endpoints/{endpointId}/replay")
    ResponseEntity<WebhookResponses.ReplayStarted> replay(@Parameter(description = ENDPOINT_ID,
                                                                     example = ENDPOINT_ID_EXAMPLE)
                                                          @PathVariable String endpointId,
                                                          @RequestBody WebhookRequests.Replay request,
                                                          RequestContext context) {
        WebhookEndpoint endpoint = endpoint(context, endpointId);
        Validator check = new Validator();
        if ((request.since() == null) == (request.escrowId() == null)) {
            check.reject("since", "give exactly one of since and escrow_id");
        }
        Instant since = check.time("since", request.since(), false);
        if (since != null && since.isAfter(clock.instant())) {
            check.reject("since", "must not be in the future");
        }
        check.throwIfInvalid();
        String replayId = "rpl_" + TimeOrderedIds.next(clock);
        int enqueued;
        if (request.escrowId() != null) {
            if (!Ids.ESCROW.isWellFormed(request.escrowId())
                || !escrows.exists(endpoint.integratorId(), request.escrowId())) {
                throw new ApiException(ApiError.ESCROW_NOT_FOUND, "No escrow " + request.escrowId());
            }
            enqueued = replay.escrow(endpoint, request.escrowId(), replayId);
        } else {
            enqueued = replay.since(endpoint, since, replayId);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new WebhookResponses.ReplayStarted(replayId, enqueued));
    }

    private WebhookResponses.Delivery delivery(WebhookMessage message) {
        return WebhookResponses.Delivery.of(message, outbox.attempts(message.messageId()));
    }

    private WebhookEndpoint endpoint(RequestContext context, String endpointId) {
        return endpoints.find(context.integratorId(), endpointId)
                        .orElseThrow(() -> notFound(endpointId));
    }

    private String url(Validator check, String url) {
        String text = check.text("url", url, 1, 2048);
        if (text == null) {
            return null;
        }
        return targets.refusal(text).map(reason -> {
            check.reject("url", reason);
            return (String) null;
        }).orElse(text);
    }

    private static List<String> eventTypes(Validator check, List<WebhookEventType> types) {
        if (types == null) {
            return null;
        }
        if (types.isEmpty() || types.contains(null)) {
            check.reject("event_types", "must list at least one event type, or be left out for every type");
            return null;
        }
        return types.stream().map(Enum::name).distinct().toList();
    }

    private static List<String> eventTypes(Validator check, JsonNode given) {
        List<WebhookEventType> types = new ArrayList<>();
        if (!given.isArray()) {
            check.reject("event_types", "must be a list of event types, or null for every type");
            return null;
        }
        for (JsonNode type : given) {
            // Only a string can name a type: asString() of an object or array throws rather than answering null.
            if (!type.isString()) {
                check.reject("event_types", "must list event type names, not " + type.getNodeType().name()
                        .toLowerCase(Locale.ROOT) + " values");
                return null;
            }
            try {
                types.add(WebhookEventType.valueOf(type.asString()));
            } catch (IllegalArgumentException unknown) {
                check.reject("event_types", "has an unknown event type: " + type);
                return null;
            }
        }
        return eventTypes(check, types);
    }

    private static String textOrNull(Validator check, JsonNode patch, String field) {
        JsonNode value = patch.get(field);
        if (!value.isString()) {
            check.reject(field, "must be a string");
            return null;
        }
        return value.asString();
    }

    private static ApiException notFound(String endpointId) {
        return new ApiException(ApiError.WEBHOOK_ENDPOINT_NOT_FOUND, "No webhook endpoint " + endpointId);
    }
}
