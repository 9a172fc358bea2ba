package io.escrowledger.projections.webhook.delivery;

import io.escrowledger.projections.webhook.WebhookEndpoints;
import io.escrowledger.projections.webhook.WebhookMessage;
import io.escrowledger.projections.webhook.WebhookOutbox;
import io.escrowledger.projections.webhook.WebhookProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends one claimed batch of one endpoint's messages and says what became of each: each escrow's messages in order,
 * one after the other, different escrows at the same time. A failure is retried on the configured schedule (with
 * ±10% jitter, or the receiver's Retry-After), and holds back the escrow's later messages; after the last retry the
 * message is dead-lettered; a 410 Gone disables the endpoint. The threads that claim batches and record the outcomes
 * are {@link WebhookDeliveryWorker}'s.
 * <p>
 * Every outcome is counted in {@code escrow.webhook.deliveries}, tag {@code outcome}: {@code delivered}; {@code failed}
 * (to be retried); {@code dead} (failed, and no retry is left); {@code gone} (410, the endpoint is disabled);
 * {@code endpoint_disabled} (nothing sent: the endpoint was disabled or deleted).
 */
final class WebhookBatches {

    private static final Logger log = LoggerFactory.getLogger(WebhookBatches.class);
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    static final String DEAD = "dead";
    static final String GONE = "gone";
    static final String ENDPOINT_DISABLED = "endpoint_disabled";

    private final WebhookEndpoints endpoints;
    private final WebhookSender sender;
    private final WebhookTargets targets;
    private final WebhookProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    WebhookBatches(WebhookEndpoints endpoints, WebhookSender sender, WebhookTargets targets,
                   WebhookProperties properties, Clock clock, MeterRegistry meters) {
        this.endpoints = endpoints;
        this.sender = sender;
        this.targets = targets;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        // Every outcome from zero, so a rate is defined before the first occurrence.
        for (String outcome : new String[] {DELIVERED, FAILED, DEAD, GONE, ENDPOINT_DISABLED}) {
            counter(outcome);
        }
    }

    /** Sends the batch, its escrows on the sending threads at once. @return each message's outcome */
    List<WebhookOutbox.Outcome> send(List<WebhookMessage> batch, ExecutorService sending) {
        Optional<WebhookEndpoints.DeliveryTarget> target = endpoints.forDelivery(batch.get(0).endpointId());
        if (target.isEmpty() || !target.get().endpoint().enabled()) {
            counter(ENDPOINT_DISABLED).increment(batch.size());
            return batch.stream().map(message -> WebhookOutbox.Outcome.failed(message, null,
                    "endpoint disabled or deleted", 0, null)).toList();
        }
        Map<String, List<WebhookMessage>> byEscrow = new LinkedHashMap<>();
        batch.forEach(message -> byEscrow.computeIfAbsent(message.escrowId() + "#" + message.replayId(),
                stream -> new ArrayList<>()).add(message));
        // The escrows are dealt into `concurrency` lanes, each sending its escrows one after the other.
        List<List<List<WebhookMessage>>> lanes = new ArrayList<>();
        int laneCount = Math.min(properties.concurrency(), byEscrow.size());
        for (int lane = 0; lane < laneCount; lane++) {
            lanes.add(new ArrayList<>());
        }
        int next = 0;
        for (List<WebhookMessage> escrow : byEscrow.values()) {
            lanes.get(next++ % laneCount).add(escrow);
        }
        List<Callable<List<WebhookOutbox.Outcome>>> tasks = lanes.stream()
                .<Callable<List<WebhookOutbox.Outcome>>>map(escrows -> () -> escrows.stream()
                        .flatMap(messages -> deliverInOrder(messages, target.get()).stream()).toList())
                .toList();
        List<WebhookOutbox.Outcome> outcomes = new ArrayList<>();
        try {
            for (Future<List<WebhookOutbox.Outcome>> lane : sending.invokeAll(tasks)) {
                outcomes.addAll(lane.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending a batch", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("A batch could not be sent", e.getCause());
        }
        return outcomes;
    }

    /**
     * One escrow's messages, one after the other; a failure holds back the ones after it, and so does a lease too
     * short for one more attempt.
     */
    private List<WebhookOutbox.Outcome> deliverInOrder(List<WebhookMessage> messages,
                                                       WebhookEndpoints.DeliveryTarget target) {
        List<WebhookOutbox.Outcome> outcomes = new ArrayList<>();
        boolean heldBack = false;
        for (WebhookMessage message : messages) {
            WebhookOutbox.Outcome outcome = heldBack || !leaseOutlasts(message)
                                            ? WebhookOutbox.Outcome.notAttempted(message)
                                            : attempt(message, target);
            heldBack = !outcome.state().equals("DELIVERED");
            outcomes.add(outcome);
        }
        return outcomes;
    }

    /**
     * Whether an attempt started now ends, even at its timeout, a whole timeout before the claim's lease does. Once the
     * lease has run out another node may have claimed the batch again; this node must then send nothing more of it,
     * or a receiver would get messages after later ones, from two nodes at once. It happens when this node was frozen
     * (a long pause, SIGSTOP) past the lease; the spare timeout covers a clock that is behind the other nodes' by less
     * than that. A batch sent at the slowest still fits: its escrows' ten messages take ten timeouts of the twelve.
     */
    private boolean leaseOutlasts(WebhookMessage message) {
        return !clock.instant().plus(properties.timeout().multipliedBy(2)).isAfter(message.lockedUntil());
    }

    private WebhookOutbox.Outcome attempt(WebhookMessage message, WebhookEndpoints.DeliveryTarget target) {
        try {
            String url = target.endpoint().url();
            Optional<String> refusal = targets.refusal(url);
            WebhookSender.Result result = refusal.isPresent()
                    ? new WebhookSender.Result(null, "target refused: URL " + refusal.get(), 0, null)
                    : sender.send(url, message.messageId(), message.requestId(), message.body(),
                            target.signingSecrets());
            if (result.succeeded()) {
                counter(DELIVERED).increment();
                return WebhookOutbox.Outcome.delivered(message, result.status(), result.latencyMs());
            }
            if (result.status() != null && result.status() == 410) {
                endpoints.disable(message.endpointId(), "the receiver answered 410 Gone");
                counter(GONE).increment();
                return WebhookOutbox.Outcome.failed(message, 410, result.error(), result.latencyMs(), null);
            }
            return failed(message, result.status(), result.error(), result.latencyMs(), result.retryAfter());
        } catch (RuntimeException e) {
            // Counted as a failed attempt, so a message that always fails this way is dead-lettered in the end.
            log.warn("Webhook message {} could not be attempted", message.messageId(), e);
            return failed(message, null, "not attempted: " + e.getClass().getSimpleName(), 0, null);
        }
    }

    private WebhookOutbox.Outcome failed(WebhookMessage message, Integer status, String error, long latencyMs,
                                         Duration retryAfter) {
        Instant next = nextAttempt(message, retryAfter);
        counter(next == null ? DEAD : FAILED).increment();
        return WebhookOutbox.Outcome.failed(message, status, error, latencyMs, next);
    }

    private Counter counter(String outcome) {
        return Counter.builder("escrow.webhook.deliveries")
                      .description("Webhook delivery attempts, by outcome")
                      .tag("outcome", outcome)
                      .register(meters);
    }

    /** When to try again (the receiver's Retry-After, if it sent one), or null when the schedule is exhausted. */
    private Instant nextAttempt(WebhookMessage message, Duration retryAfter) {
        List<Duration> schedule = properties.retrySchedule();
        if (message.attemptCount() > schedule.size()) {
            return null;
        }
        Duration wait = schedule.get(message.attemptCount() - 1);
        long jitter = wait.toMillis() / 10;
        if (jitter > 0) {
            wait = wait.plusMillis(ThreadLocalRandom.current().nextLong(-jitter, jitter + 1));
        }
        if (retryAfter != null) {
            wait = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        }
        return clock.instant().plus(wait);
    }
}
