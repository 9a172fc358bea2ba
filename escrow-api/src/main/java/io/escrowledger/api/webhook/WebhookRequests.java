package io.escrowledger.api.webhook;

import io.escrowledger.projections.webhook.WebhookEventType;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

final class WebhookRequests {

    private WebhookRequests() {
    }

    @Schema(name = "CreateWebhookEndpointRequest", description = "A new webhook endpoint.")
    record CreateEndpoint(
            @Schema(description = "Where messages are POSTed: an https URL of at most 2048 characters that does not "
                                  + "resolve to an internal address (loopback, private, link-local, carrier-grade "
                                  + "NAT, cloud metadata)", example = "https://example.com/hooks",
                    requiredMode = REQUIRED)
            String url,
            @ArraySchema(arraySchema = @Schema(nullable = true,
                            description = "The event types to receive, at least one; left out or null for every type, "
                                          + "including types added later",
                            example = "[\"DISPUTE_RESOLVED\", \"ESCROW_RELEASED\"]"))
            List<WebhookEventType> eventTypes,
            @Schema(description = "A note for people, at most 500 characters", example = "payments")
            String description) {
    }

    @Schema(name = "ReplayRequest",
            description = "What to re-send: give exactly one of since and escrow_id.")
    record Replay(
            @Schema(description = "Re-send every event of your escrows recorded from this instant on (RFC 3339 with "
                                  + "an offset, not in the future)", example = "2025-01-01T00:00:00Z")
            String since,
            @Schema(description = "Re-send every event of this escrow",
                    example = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc")
            String escrowId) {
    }

    /**
     * The document's shape of the PATCH body, which the controller reads as a JSON tree to tell a field sent as null
     * from a field left out; only referenced by the operation's request body schema, never built.
     */
    @Schema(name = "UpdateWebhookEndpointRequest",
            description = "The fields to change; a field left out keeps its value. Only these four can be changed.")
    record UpdateEndpoint(
            @Schema(description = "Where messages are POSTed, with the same rules as on creation",
                    example = "https://example.com/hooks")
            String url,
            @ArraySchema(arraySchema = @Schema(nullable = true,
                            description = "The event types to receive, at least one; null for every type, including "
                                          + "types added later", example = "[\"DISPUTE_RESOLVED\"]"))
            List<WebhookEventType> eventTypes,
            @Schema(description = "A note for people, at most 500 characters", example = "payments") String description,
            @Schema(description = "false stops sending; true re-enables an endpoint (also one disabled by a 410 Gone)",
                    example = "true")
            Boolean enabled) {
    }
}
