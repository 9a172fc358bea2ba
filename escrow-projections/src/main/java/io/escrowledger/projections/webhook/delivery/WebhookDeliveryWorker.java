package io.escrowledger.projections.webhook.delivery;

import io.escrowledger.projections.webhook.WebhookDelivery;
import io.escrowledger.projections.webhook.WebhookEndpoints;
import io.escrowledger.projections.webhook.WebhookMessage;
import io.escrowledger.projections.webhook.WebhookOutbox;
import io.escrowledger.projections.webhook.WebhookProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Drains the webhook outbox in batches. A few threads per node each claim a batch of one endpoint's messages from
 * PostgreSQL (so several nodes share the work without sending anything twice) and send it: each escrow's messages in
 * order, one after the other, different escrows at the same time. Then, in one transaction, the thread records every
 * outcome and claims the endpoint's next batch, and goes on with it: while messages keep coming for an endpoint, one
 * commit carries a whole batch. When a batch was not full (the endpoint keeps up), the thread waits a moment
 * ({@code linger}) before that claim, so the next batch gathers what arrives meanwhile.
 * <p>
 * Idle threads wait to be told. A commit on this node that wrote messages tells the thread already sending to their
 * endpoint, if there is one (it takes them with its next batch), and otherwise wakes an idle thread, which waits a
 * moment ({@code linger}) for more to come and then claims; the next retry this node scheduled wakes one too. Messages
 * no thread here was told about (another node's, whose thread found the endpoint busy or died) are found by the thread
 * sending that endpoint's batches, or else at the next {@code poll-interval}. An idle node asks nothing more of the
 * database.
 * <p>
 * How one batch is sent, and what each outcome is, is {@link WebhookBatches}'.
 */
public class WebhookDeliveryWorker implements WebhookDelivery, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryWorker.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** At most this many messages of one escrow in a batch: they are sent one after the other. */
    static final int PER_ESCROW = 10;

    private final WebhookOutbox outbox;
    private final WebhookBatches batches;
    private final WebhookProperties properties;
    private final Clock clock;
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
        this.batches = new WebhookBatches(endpoints, sender, targets, properties, clock, meters);
        this.properties = properties;
        this.clock = clock;
        this.transactions = transactions;
    }

    @Override
    public void wake() {
        lock.lock();
        try {
            told = true;
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
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
                List<WebhookOutbox.Outcome> outcomes = batches.send(batch, sending);
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
