package io.escrowledger.api.webhook;

import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.ApiException;
import io.escrowledger.api.web.Cursor;
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
import io.escrowledger.projections.webhook.WebhookTargets;
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
@RestController
public class WebhookController {

    private static final Set<String> PATCHABLE = Set.of("url", "event_types", "description", "enabled");
    private static final Set<String> STATUSES = Set.of("pending", "sending", "delivered", "dead");

    private final WebhookEndpoints endpoints;
    private final WebhookOutbox outbox;
    private final WebhookTargets targets;
    private final WebhookReplay replay;
    private final EscrowQueries escrows;
    private final Clock clock;

    public WebhookController(WebhookEndpoints endpoints, WebhookOutbox outbox, WebhookTargets targets,
                             WebhookReplay replay, EscrowQueries escrows, Clock clock) {
        this.endpoints = endpoints;
        this.outbox = outbox;
        this.targets = targets;
        this.replay = replay;
        this.escrows = escrows;
        this.clock = clock;
    }

    @PostMapping("/v1/webhook-endpoints")
    ResponseEntity<WebhookResponses.Endpoint> create(@RequestBody WebhookRequests.CreateEndpoint request,
                                                     HttpServletRequest http) {
        String integratorId = RequestContext.of(http).integratorId();
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

    @GetMapping("/v1/webhook-endpoints")
    WebhookResponses.EndpointList list(HttpServletRequest http) {
        return new WebhookResponses.EndpointList(endpoints.list(RequestContext.of(http).integratorId()).stream()
                                                          .map(e -> WebhookResponses.Endpoint.of(e, null)).toList());
    }

    @GetMapping("/v1/webhook-endpoints/{endpointId}")
    WebhookResponses.Endpoint get(@PathVariable String endpointId, HttpServletRequest http) {
        return WebhookResponses.Endpoint.of(endpoint(http, endpointId), null);
    }

    /** Changes the fields sent; {@code "event_types": null} goes back to every type. */
    @PatchMapping("/v1/webhook-endpoints/{endpointId}")
    WebhookResponses.Endpoint update(@PathVariable String endpointId, @RequestBody JsonNode patch,
                                     HttpServletRequest http) {
        WebhookEndpoint current = endpoint(http, endpointId);
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

    @DeleteMapping("/v1/webhook-endpoints/{endpointId}")
    ResponseEntity<Void> delete(@PathVariable String endpointId, HttpServletRequest http) {
        if (!endpoints.delete(RequestContext.of(http).integratorId(), endpointId)) {
            throw notFound(endpointId);
        }
        return ResponseEntity.noContent().build();
    }

    /** A new secret, shown once; the old one keeps signing, as a second signature, for 24 hours. */
    @PostMapping("/v1/webhook-endpoints/{endpointId}/rotate-secret")
    WebhookResponses.Endpoint rotateSecret(@PathVariable String endpointId, HttpServletRequest http) {
        String secret = endpoints.rotateSecret(RequestContext.of(http).integratorId(), endpointId)
                                 .orElseThrow(() -> notFound(endpointId));
        return WebhookResponses.Endpoint.of(endpoint(http, endpointId), secret);
    }

    @GetMapping("/v1/webhook-endpoints/{endpointId}/deliveries")
    WebhookResponses.DeliveryList deliveries(@PathVariable String endpointId,
                                             @RequestParam(required = false) String status,
                                             @RequestParam(required = false) Integer limit,
                                             @RequestParam(required = false) String cursor,
                                             HttpServletRequest http) {
        endpoint(http, endpointId);
        Validator check = new Validator();
        if (status != null && !STATUSES.contains(status)) {
            check.reject("status", "must be one of pending, sending, delivered, dead");
        }
        int pageSize = check.pageSize(limit);
        String after = Cursor.decode(check, Ids.WEBHOOK_MESSAGE, cursor);
        check.throwIfInvalid();
        WebhookOutbox.Page page = outbox.list(endpointId, status == null ? null : status.toUpperCase(Locale.ROOT),
                after, pageSize);
        Map<String, List<WebhookOutbox.Attempt>> attempts = outbox.attempts(
                page.messages().stream().map(WebhookMessage::messageId).toList());
        List<WebhookResponses.Delivery> data = page.messages().stream().map(message -> WebhookResponses.Delivery.of(
                message, attempts.getOrDefault(message.messageId(), List.of()))).toList();
        String next = page.hasMore() ? Cursor.after(data.get(data.size() - 1).id()) : null;
        return new WebhookResponses.DeliveryList(data, page.hasMore(), next);
    }

    @PostMapping("/v1/webhook-deliveries/{messageId}/retry")
    ResponseEntity<WebhookResponses.Delivery> retry(@PathVariable String messageId, HttpServletRequest http) {
        String integratorId = RequestContext.of(http).integratorId();
        if (outbox.find(integratorId, messageId).isEmpty()) {
            throw new ApiException(ApiError.WEBHOOK_DELIVERY_NOT_FOUND, "No webhook delivery " + messageId);
        }
        WebhookMessage queued = outbox.retryNow(integratorId, messageId).orElseThrow(() -> new ApiException(
                ApiError.REQUEST_IN_PROGRESS, "Delivery " + messageId + " is being attempted right now"));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(delivery(queued));
    }

    /** Re-sends history from the event store: one escrow's events, or everything since a moment. */
    @PostMapping("/v1/webhook-endpoints/{endpointId}/replay")
    ResponseEntity<WebhookResponses.ReplayStarted> replay(@PathVariable String endpointId,
                                                          @RequestBody WebhookRequests.Replay request,
                                                          HttpServletRequest http) {
        WebhookEndpoint endpoint = endpoint(http, endpointId);
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

    private WebhookEndpoint endpoint(HttpServletRequest http, String endpointId) {
        return endpoints.find(RequestContext.of(http).integratorId(), endpointId)
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
            try {
                types.add(WebhookEventType.valueOf(type.asString()));
            } catch (IllegalArgumentException | UnsupportedOperationException unknown) {
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
