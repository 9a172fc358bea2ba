package io.escrowledger.projections.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Drains the webhook outbox in batches. A few threads per node each claim a batch of one endpoint's messages from
 * PostgreSQL (so several nodes share the work without sending anything twice) and send it: each escrow's messages in
 * order, one after the other, different escrows at the same time. Then, in one transaction, the thread records every
 * outcome and claims the endpoint's next batch, and goes on with it: while messages keep coming for an endpoint, one
 * commit carries a whole batch. When a batch was not full (the endpoint keeps up), the thread waits a moment
 * ({@code linger}) before that claim, so the next batch gathers what arrives meanwhile. A failure is retried on the configured schedule (with ±10% jitter, or the receiver's
 * Retry-After), and holds back the escrow's later messages; after the last retry the message is dead-lettered; a
 * 410 Gone disables the endpoint.
 * <p>
 * Idle threads wait to be told. A commit on this node that wrote messages tells the thread already sending to their
 * endpoint, if there is one (it takes them with its next batch), and otherwise wakes an idle thread, which waits a
 * moment ({@code linger}) for more to come and then claims; the next retry this node scheduled wakes one too. Messages
 * no thread here was told about (another node's, whose thread found the endpoint busy or died) are found by the thread
 * sending that endpoint's batches, or else at the next {@code poll-interval}. An idle node asks nothing more of the
 * database.
 * <p>
 * Every outcome is counted in {@code escrow.webhook.deliveries}, tag {@code outcome}: {@code delivered}; {@code failed}
 * (to be retried); {@code dead} (failed, and no retry is left); {@code gone} (410, the endpoint is disabled);
 * {@code endpoint_disabled} (nothing sent: the endpoint was disabled or deleted).
 */
public class WebhookDeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryWorker.class);
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** At most this many messages of one escrow in a batch: they are sent one after the other. */
    static final int PER_ESCROW = 10;
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
    private final TransactionTemplate transactions;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final List<Thread> threads = new ArrayList<>();
    /** Set by {@link #wake}, taken by the idle thread it woke. */
    private boolean told;
    /** The endpoints a thread of this node is sending batches to. */
    private final Set<String> serving = new HashSet<>();
    /** Endpoints being served that were told of new messages since their thread last claimed. */
    private final Set<String> toldWhileServing = new HashSet<>();
    /** The earliest retry this node scheduled and has not looked for yet. */
    private Instant nextRetry;
    private ExecutorService sending;
    private volatile boolean running;

    public WebhookDeliveryWorker(WebhookOutbox outbox, WebhookEndpoints endpoints, WebhookSender sender,
                                 WebhookTargets targets, WebhookProperties properties, Clock clock,
                                 MeterRegistry meters, TransactionTemplate transactions) {
        this.outbox = outbox;
        this.endpoints = endpoints;
        this.sender = sender;
        this.targets = targets;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.transactions = transactions;
        // Every outcome from zero, so a rate is defined before the first occurrence.
        for (String outcome : new String[] {DELIVERED, FAILED, DEAD, GONE, ENDPOINT_DISABLED}) {
            counter(outcome);
        }
    }

    /** New messages were committed: an idle thread looks now instead of at its next poll. */
    public void wake() {
        lock.lock();
        try {
            told = true;
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * New messages to these endpoints were committed: the thread sending to an endpoint takes them with its next
     * batch; for any other endpoint an idle thread looks now.
     */
    public void wake(Collection<String> endpointIds) {
        lock.lock();
        try {
            boolean unserved = false;
            for (String endpointId : endpointIds) {
                if (serving.contains(endpointId)) {
                    toldWhileServing.add(endpointId);
                } else {
                    unserved = true;
                }
            }
            if (unserved) {
                told = true;
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Claims a batch of any endpoint and sends it, then the endpoint's next batches as long as it has messages that may
     * go. Also what each thread does in its loop.
     *
     * @return how many messages the batches held
     */
    public int deliverBatches() {
        List<WebhookMessage> batch = outbox.claimBatch(lease(), properties.batchSize(), PER_ESCROW);
        if (batch.isEmpty()) {
            return 0;
        }
        String endpointId = batch.get(0).endpointId();
        startServing(endpointId);
        int sent = 0;
        try {
            while (!batch.isEmpty() && running) {
                sent += batch.size();
                List<WebhookOutbox.Outcome> outcomes = deliver(batch);
                if (batch.size() < properties.batchSize()) {
                    pause(properties.linger()); // the endpoint keeps up: let its next batch gather before claiming it
                }
                batch = recordAndClaimNext(outcomes, endpointId);
                if (batch.isEmpty() && stillTold(endpointId)) {
                    batch = outbox.claimBatch(lease(), properties.batchSize(), PER_ESCROW, endpointId);
                }
            }
            // Stopping: a batch claimed but not sent goes back to the queue now rather than after its lease.
            outbox.record(batch.stream().map(WebhookOutbox.Outcome::notAttempted).toList());
        } finally {
            stopServing(endpointId);
        }
        return sent;
    }

    /** The batch's outcomes, and the endpoint's next batch, in one transaction. */
    private List<WebhookMessage> recordAndClaimNext(List<WebhookOutbox.Outcome> outcomes, String endpointId) {
        List<WebhookMessage> next = transactions.execute(status -> {
            outbox.record(outcomes);
            return outbox.claimBatch(lease(), properties.batchSize(), PER_ESCROW, endpointId);
        });
        for (WebhookOutbox.Outcome outcome : outcomes) {
            if (outcome.attempted() && outcome.state().equals("PENDING")) {
                retryAt(outcome.nextAttemptAt());
            }
        }
        return next;
    }

    private void startServing(String endpointId) {
        lock.lock();
        try {
            serving.add(endpointId);
            toldWhileServing.remove(endpointId);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the endpoint was told of new messages since its last claim, which may have come just too early to see
     * them: then the thread claims once more. Under the same lock as {@link #wake(Collection)}, so no message is missed
     * between the two.
     */
    private boolean stillTold(String endpointId) {
        lock.lock();
        try {
            return toldWhileServing.remove(endpointId);
        } finally {
            lock.unlock();
        }
    }

    private void stopServing(String endpointId) {
        lock.lock();
        try {
            serving.remove(endpointId);
            if (toldWhileServing.remove(endpointId)) { // told after its last claim: let a thread look
                told = true;
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The claim's lease: long enough for an escrow's share of the batch, one attempt after the other. */
    private Duration lease() {
        return properties.timeout().multipliedBy(PER_ESCROW + 2);
    }

    private List<WebhookOutbox.Outcome> deliver(List<WebhookMessage> batch) {
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

    /** Remembers a retry this node scheduled, so that an idle thread looks for it when it is due. */
    private void retryAt(Instant at) {
        lock.lock();
        try {
            if (nextRetry == null || at.isBefore(nextRetry)) {
                nextRetry = at;
                work.signal(); // an idle thread may be waiting for longer than that
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void start() {
        running = true;
        sending = Executors.newFixedThreadPool(properties.workers() * properties.concurrency(), task -> {
            Thread thread = new Thread(task, "webhook-send");
            thread.setDaemon(true);
            return thread;
        });
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
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
        for (Thread thread : threads) {
            try {
                thread.join(lease().plusSeconds(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        sending.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Delivers until stopped: batch after batch while there are any, then waits to be told. When the outbox itself
     * fails (the database is away, say), the thread says so once and backs off, up to five seconds between tries,
     * instead of spinning and logging at every poll.
     */
    private void loop() {
        int failures = 0;
        while (running) {
            try {
                if (deliverBatches() == 0) {
                    awaitWork();
                }
                failures = 0;
            } catch (RuntimeException e) {
                if (failures++ == 0) {
                    log.warn("Webhook delivery cannot reach its outbox; backing off until it can", e);
                }
                pause(backoff(failures));
            }
        }
    }

    /**
     * Waits until this node wrote messages (then lingers a moment, so that one batch carries what comes together), a
     * retry it scheduled is due, or the poll interval has passed.
     */
    private void awaitWork() {
        boolean wasTold;
        lock.lock();
        try {
            Instant pollAt = clock.instant().plus(properties.pollInterval());
            while (running && !told) {
                Instant wakeAt = nextRetry != null && nextRetry.isBefore(pollAt) ? nextRetry : pollAt;
                long millis = Duration.between(clock.instant(), wakeAt).toMillis();
                if (millis <= 0) {
                    break;
                }
                work.await(millis, TimeUnit.MILLISECONDS);
            }
            if (nextRetry != null && !nextRetry.isAfter(clock.instant())) {
                nextRetry = null;
            }
            wasTold = told;
            told = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return;
        } finally {
            lock.unlock();
        }
        if (wasTold) {
            pause(properties.linger());
        }
    }

    private Duration backoff(int failures) {
        Duration wait = properties.linger().plusMillis(100).multipliedBy(1L << Math.min(failures, 10));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    /** A plain sleep: a thread lingering or backing off must not take the signal meant for an idle one. */
    private void pause(Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return;
        }
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
