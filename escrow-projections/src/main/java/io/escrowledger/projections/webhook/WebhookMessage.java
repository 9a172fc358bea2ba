package io.escrowledger.projections.webhook;

import java.time.Instant;

/**
 * One message to one endpoint, and where its delivery stands.
 *
 * @param requestId   the request that caused the event, or null (an event caused by a deadline, or an older message)
 * @param lockedUntil while it is being sent: when the claim's lease ends, which also tells that claim from any other
 */
public record WebhookMessage(String messageId,
                             String endpointId,
                             String eventId,
                             String eventType,
                             String escrowId,
                             long sequence,
                             String replayId,
                             String body,
                             String state,
                             int attemptCount,
                             Instant nextAttemptAt,
                             Integer lastStatus,
                             String lastError,
                             Instant createdAt,
                             Instant deliveredAt,
                             String requestId,
                             Instant lockedUntil) {
}
