package io.escrowledger.projections.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Drains the webhook outbox: a few threads per node claim due messages from PostgreSQL (so several nodes share the
 * work without sending anything twice), send them, and record the outcome. A failure is retried on the configured
 * schedule (with ±10% jitter, or the receiver's Retry-After); after the last retry the message is dead-lettered;
 * a 410 Gone disables the endpoint. Every outcome is counted in {@code escrow.webhook.deliveries}, tag {@code outcome}:
 * {@code delivered}; {@code failed} (to be retried); {@code dead} (failed, and no retry is left); {@code gone} (410,
 * the endpoint is disabled); {@code endpoint_disabled} (nothing sent: the endpoint was disabled or deleted).
 */
public class WebhookDeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryWorker.class);
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    static final String DEAD = "dead";
    static final String GONE = "gone";
    static final String ENDPOINT_DISABLED = "endpoint_disabled";

    private final WebhookOutbox outbox;
    private final WebhookEndpoints endpoints;
    private final WebhookSender sender;
    private final WebhookTargets targets;
    private final WebhookProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public WebhookDeliveryWorker(WebhookOutbox outbox, WebhookEndpoints endpoints, WebhookSender sender,
                                 WebhookTargets targets, WebhookProperties properties, Clock clock,
                                 MeterRegistry meters) {
        this.outbox = outbox;
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

    /** New messages were committed: idle workers look now instead of at their next poll. */
    public void wake() {
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Claims and delivers one due message, if there is one. Also what each worker thread does in its loop. */
    public boolean deliverNext() {
        Optional<WebhookMessage> claimed = outbox.claimNext(properties.timeout().multipliedBy(3));
        if (claimed.isEmpty()) {
            return false;
        }
        try {
            deliver(claimed.get());
        } catch (RuntimeException e) {
            // Counted as a failed attempt, so a message that always fails this way is dead-lettered in the end.
            log.warn("Webhook message {} could not be attempted", claimed.get().messageId(), e);
            Instant next = nextAttempt(claimed.get(), null);
            outbox.failed(claimed.get(), null, "not attempted: " + e.getClass().getSimpleName(), 0, next);
            counter(next == null ? DEAD : FAILED).increment();
        }
        return true;
    }

    private void deliver(WebhookMessage message) {
        Optional<WebhookEndpoints.DeliveryTarget> target = endpoints.forDelivery(message.endpointId());
        if (target.isEmpty() || !target.get().endpoint().enabled()) {
            outbox.failed(message, null, "endpoint disabled or deleted", 0, null);
            counter(ENDPOINT_DISABLED).increment();
            return;
        }
        String url = target.get().endpoint().url();
        Optional<String> refusal = targets.refusal(url);
        WebhookSender.Result result = refusal.isPresent()
                ? new WebhookSender.Result(null, "target refused: URL " + refusal.get(), 0, null)
                : sender.send(url, message.messageId(), message.requestId(), message.body(),
                        target.get().signingSecrets());
        if (result.succeeded()) {
            outbox.delivered(message, result.status(), result.latencyMs());
            counter(DELIVERED).increment();
        } else if (result.status() != null && result.status() == 410) {
            endpoints.disable(message.endpointId(), "the receiver answered 410 Gone");
            outbox.failed(message, 410, result.error(), result.latencyMs(), null);
            counter(GONE).increment();
        } else {
            Instant next = nextAttempt(message, result.retryAfter());
            outbox.failed(message, result.status(), result.error(), result.latencyMs(), next);
            counter(next == null ? DEAD : FAILED).increment();
        }
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

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < properties.workers(); i++) {
            Thread thread = new Thread(this::loop, "webhook-delivery-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    @Override
    public void stop() {
        running = false;
        wake();
        for (Thread thread : threads) {
            try {
                thread.join(properties.timeout().plusSeconds(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Delivers until stopped. When the outbox itself fails (the database is away, say), the thread says so once and
     * backs off, up to five seconds between tries, instead of spinning and logging at every poll.
     */
    private void loop() {
        int failures = 0;
        while (running) {
            try {
                if (!deliverNext()) {
                    idle(properties.pollInterval());
                }
                failures = 0;
            } catch (RuntimeException e) {
                if (failures++ == 0) {
                    log.warn("Webhook delivery cannot reach its outbox; backing off until it can", e);
                }
                idle(backoff(failures));
            }
        }
    }

    private Duration backoff(int failures) {
        Duration wait = properties.pollInterval().multipliedBy(1L << Math.min(failures, 10));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private void idle(Duration wait) {
        lock.lock();
        try {
            work.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }
}
