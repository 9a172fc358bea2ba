package io.escrowledger.projections.webhook;

import java.time.Instant;
import java.util.List;

/**
 * An integrator's webhook endpoint, without its secrets.
 *
 * @param eventTypes the types it receives, or null for every type
 */
public record WebhookEndpoint(String endpointId,
                              String integratorId,
                              String url,
                              String description,
                              List<String> eventTypes,
                              boolean enabled,
                              String disabledReason,
                              Instant createdAt,
                              Instant updatedAt) {

    public boolean receives(WebhookEventType type) {
        return eventTypes == null || eventTypes.contains(type.name());
    }
}
