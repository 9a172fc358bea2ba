package io.escrowledger.api.webhook;

import io.escrowledger.projections.webhook.WebhookEventType;

import java.util.List;

final class WebhookRequests {

    private WebhookRequests() {
    }

    record CreateEndpoint(String url, List<WebhookEventType> eventTypes, String description) {
    }

    record Replay(String since, String escrowId) {
    }
}
