package io.escrowledger.projections.webhook;

import java.util.Collection;

/**
 * Delivery of the outbox's messages, as those who write messages see it (the dispatcher, an integrator's replay or
 * retry): they only say that new messages may go. The sending itself, with its HTTP client, address checks and
 * threads, is in {@code webhook.delivery}, which nothing here depends on.
 */
public interface WebhookDelivery {

    /** New messages were committed: an idle delivery thread looks now instead of at its next poll. */
    void wake();

    /**
     * New messages to these endpoints were committed: the thread sending to an endpoint takes them with its next
     * batch; for any other endpoint an idle thread looks now.
     */
    void wake(Collection<String> endpointIds);
}
