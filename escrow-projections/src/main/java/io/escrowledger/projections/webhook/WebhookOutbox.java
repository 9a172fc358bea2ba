package io.escrowledger.projections.webhook;

import io.escrowledger.projections.support.PagedQuery;
import io.escrowledger.projections.support.TimeOrderedIds;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.escrowledger.projections.support.SqlTime.instant;
import static io.escrowledger.projections.support.SqlTime.toSql;

/**
 * The webhook messages waiting to be delivered, and every attempt made. A message is written in the transaction that
 * stores its event (WebhookDispatcher), so each event becomes one message per endpoint, never zero and never two.
 */
@Component
public record WebhookOutbox(JdbcClient jdbc, Clock clock) {

    private static final String COLUMNS = """
            message_id, endpoint_id, event_id, event_type, escrow_id, sequence, replay_id, body, state, attempt_count,
            next_attempt_at, last_status, last_error, created_at, delivered_at, request_id, locked_until""";

    /** A command's messages are written in one millisecond: within it, an escrow's go by sequence. */
    private static final Comparator<WebhookMessage> IN_ORDER_WRITTEN =
            Comparator.comparing(WebhookMessage::createdAt).thenComparing(WebhookMessage::escrowId)
                      .thenComparing(WebhookMessage::replayId).thenComparingLong(WebhookMessage::sequence);

    /** An attempt as the integrator sees it. */
    public record Attempt(Instant attemptedAt, Integer statusCode, int latencyMs, String error) {
    }

    public record Page(List<WebhookMessage> messages, boolean hasMore) {
    }

    /** @return true when the message is new; handling the same event again for this endpoint adds nothing */
    boolean enqueue(WebhookEndpoint endpoint, String eventId, WebhookEventType type, String escrowId, long sequence,
                    String replayId, String body, String requestId) {
        OffsetDateTime now = toSql(clock.instant());
        return jdbc.sql("""
                        INSERT INTO webhook_messages (message_id, endpoint_id, integrator_id, event_id, event_type,
                            escrow_id, sequence, replay_id, body, state, next_attempt_at, created_at, request_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)
                        ON CONFLICT (endpoint_id, event_id, replay_id) DO NOTHING""")
                   .params("msg_" + TimeOrderedIds.next(clock), endpoint.endpointId(), endpoint.integratorId(), eventId,
                           type.name(), escrowId, sequence, replayId, body, now, now, requestId)
                   .update() == 1;
    }

    /**
     * Claims a batch: up to {@code size} messages of one endpoint that no batch is being sent to, each escrow's due
     * messages in order (at most {@code perEscrow} of them), up to its first message that is not due yet (waiting for
     * a retry), which holds back the ones after it. One batch per endpoint at a time, in the whole cluster: so each
     * receiver sees an escrow's events in order, and a slow receiver holds one worker at most. A batch whose node died
     * is claimed again once its lease has run out; its lost attempts stay counted.
     * <p>
     * Only an endpoint with a message that may go now is chosen (the first waiting message of its escrow, and due), so
     * an endpoint whose messages all wait for a retry holds up no other; of those, the one waiting longest. Locking the endpoint's row keeps overlapping
     * claims from both choosing one endpoint ({@code NO KEY UPDATE}: the
     * dispatcher's inserts hold a key-share lock on it, for their foreign key); the messages are checked again as they
     * are claimed. One statement, one commit, for the whole batch.
     *
     * @return the claimed messages, in the order they were written (each escrow's by sequence); empty when nothing may
     *         be sent now
     */
    public List<WebhookMessage> claimBatch(Duration lease, int size, int perEscrow) {
        return claimBatch(lease, size, perEscrow, null);
    }

    /** As {@link #claimBatch(Duration, int, int)}, of this endpoint only (null: any endpoint). */
    public List<WebhookMessage> claimBatch(Duration lease, int size, int perEscrow, String onlyEndpoint) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        WITH endpoint AS (
                            SELECT e.endpoint_id FROM webhook_endpoints e
                            WHERE (EXISTS (
                                       SELECT 1 FROM webhook_messages m
                                       WHERE m.endpoint_id = e.endpoint_id AND m.state = 'PENDING'
                                         AND m.next_attempt_at <= :now
                                         AND NOT EXISTS (
                                             SELECT 1 FROM webhook_messages earlier
                                             WHERE earlier.endpoint_id = m.endpoint_id
                                               AND earlier.escrow_id = m.escrow_id
                                               AND earlier.replay_id = m.replay_id
                                               AND earlier.sequence < m.sequence
                                               AND earlier.state IN ('PENDING', 'SENDING')))
                                   OR EXISTS (
                                       SELECT 1 FROM webhook_messages lost
                                       WHERE lost.endpoint_id = e.endpoint_id AND lost.state = 'SENDING'
                                         AND lost.locked_until < :now))
                              AND NOT EXISTS (
                                SELECT 1 FROM webhook_messages busy
                                WHERE busy.endpoint_id = e.endpoint_id AND busy.state = 'SENDING'
                                  AND busy.locked_until >= :now)
                              AND (CAST(:endpoint AS TEXT) IS NULL OR e.endpoint_id = :endpoint)
                            ORDER BY (SELECT min(waiting.next_attempt_at) FROM webhook_messages waiting
                                      WHERE waiting.endpoint_id = e.endpoint_id AND waiting.state = 'PENDING')
                            LIMIT 1
                            FOR NO KEY UPDATE OF e SKIP LOCKED),
                        queue AS (
                            SELECT m.message_id, m.created_at, m.escrow_id, m.replay_id, m.sequence,
                                   bool_and(m.next_attempt_at <= :now) OVER stream AS due,
                                   row_number() OVER stream AS position
                            FROM webhook_messages m JOIN endpoint ON m.endpoint_id = endpoint.endpoint_id
                            WHERE m.state = 'PENDING' OR m.state = 'SENDING' AND m.locked_until < :now
                            WINDOW stream AS (PARTITION BY m.escrow_id, m.replay_id ORDER BY m.sequence)),
                        chosen AS (
                            SELECT message_id FROM queue WHERE due AND position <= :perEscrow
                            ORDER BY created_at, escrow_id, replay_id, sequence LIMIT :size)
                        UPDATE webhook_messages SET state = 'SENDING', locked_until = :leaseEnd,
                                                    attempt_count = attempt_count + 1
                        WHERE message_id IN (SELECT message_id FROM chosen)
                          AND (state = 'PENDING' OR state = 'SENDING' AND locked_until < :now)
                        RETURNING""" + " " + COLUMNS)
                   .param("leaseEnd", toSql(now.plus(lease)))
                   .param("now", toSql(now))
                   .param("perEscrow", perEscrow)
                   .param("size", size)
                   .param("endpoint", onlyEndpoint)
                   .query(WebhookOutbox::row)
                   .list()
                   .stream()
                   .sorted(IN_ORDER_WRITTEN)
                   .toList();
    }

    /** What became of one claimed message: delivered, failed (retried at a time, or dead), or never attempted. */
    public record Outcome(WebhookMessage message, boolean attempted, Integer status, long latencyMs, String error,
                          String state, Instant nextAttemptAt) {

        public static Outcome delivered(WebhookMessage message, int status, long latencyMs) {
            return new Outcome(message, true, status, latencyMs, null, "DELIVERED", null);
        }

        /** A failed attempt: retried at {@code nextAttempt}, or dead-lettered when that is null. */
        public static Outcome failed(WebhookMessage message, Integer status, String error, long latencyMs,
                                     Instant nextAttempt) {
            return new Outcome(message, true, status, latencyMs, error, nextAttempt == null ? "DEAD" : "PENDING",
                    nextAttempt);
        }

        /** Not sent, because an earlier message of its escrow failed: back in the queue, its attempt not counted. */
        public static Outcome notAttempted(WebhookMessage message) {
            return new Outcome(message, false, null, 0, null, "PENDING", message.nextAttemptAt());
        }
    }

    /**
     * Records a batch's outcomes, and each attempt made, in one statement. Outcomes are recorded only by the claim
     * that made the attempts (still being sent, under the same lease): a worker whose lease ran out while it waited
     * cannot overwrite the outcome of the worker that took its messages over, even after a manual retry started the
     * attempt count again. The attempts are on record either way: they were made.
     */
    public void record(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        OffsetDateTime now = toSql(clock.instant());
        int count = outcomes.size();
        String[] ids = new String[count];
        Boolean[] attempted = new Boolean[count];
        Integer[] statuses = new Integer[count];
        Integer[] latencies = new Integer[count];
        String[] errors = new String[count];
        String[] states = new String[count];
        String[] nextAttempts = new String[count];
        String[] leases = new String[count];
        for (int i = 0; i < count; i++) {
            Outcome outcome = outcomes.get(i);
            ids[i] = outcome.message().messageId();
            attempted[i] = outcome.attempted();
            statuses[i] = outcome.status();
            latencies[i] = (int) Math.min(outcome.latencyMs(), Integer.MAX_VALUE);
            errors[i] = outcome.error();
            states[i] = outcome.state();
            nextAttempts[i] = (outcome.nextAttemptAt() == null ? clock.instant() : outcome.nextAttemptAt()).toString();
            leases[i] = outcome.message().lockedUntil().toString();
        }
        jdbc.sql("""
                 WITH outcome AS (
                     SELECT * FROM unnest(?::text[], ?::boolean[], ?::integer[], ?::integer[], ?::text[], ?::text[],
                                          ?::timestamptz[], ?::timestamptz[])
                         AS o (message_id, attempted, status, latency, error, state, next_attempt_at, lease)),
                 attempt AS (
                     INSERT INTO webhook_attempts (message_id, attempted_at, status_code, latency_ms, error)
                     SELECT message_id, ?, status, latency, error FROM outcome WHERE attempted ORDER BY message_id)
                 UPDATE webhook_messages m
                 SET state = o.state, locked_until = NULL,
                     attempt_count = m.attempt_count - CASE WHEN o.attempted THEN 0 ELSE 1 END,
                     last_status = CASE WHEN o.attempted THEN o.status ELSE m.last_status END,
                     last_error = CASE WHEN o.attempted THEN o.error ELSE m.last_error END,
                     next_attempt_at = CASE WHEN o.state = 'PENDING' THEN o.next_attempt_at ELSE m.next_attempt_at END,
                     delivered_at = CASE WHEN o.state = 'DELIVERED' THEN ? ELSE m.delivered_at END
                 FROM outcome o
                 WHERE m.message_id = o.message_id AND m.state = 'SENDING' AND m.locked_until = o.lease""")
            .params(ids, attempted, statuses, latencies, errors, states, nextAttempts, leases, now, now)
            .update();
    }

    /** Sends the message again now, with a fresh retry schedule, whatever became of it. */
    public Optional<WebhookMessage> retryNow(String integratorId, String messageId) {
        int updated = jdbc.sql("""
                               UPDATE webhook_messages SET state = 'PENDING', attempt_count = 0, next_attempt_at = ?,
                                                           locked_until = NULL
                               WHERE integrator_id = ? AND message_id = ? AND state <> 'SENDING'""")
                          .params(toSql(clock.instant()), integratorId, messageId)
                          .update();
        return updated == 0 ? Optional.empty() : find(integratorId, messageId);
    }

    public Optional<WebhookMessage> find(String integratorId, String messageId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_messages WHERE integrator_id = ? AND message_id = ?")
                   .params(integratorId, messageId)
                   .query(WebhookOutbox::row)
                   .optional();
    }

    /** An endpoint's messages, newest first, optionally in one state. */
    public Page list(String endpointId, String state, String afterMessageId, int limit) {
        PagedQuery query = new PagedQuery("SELECT " + COLUMNS + " FROM webhook_messages WHERE endpoint_id = :endpoint")
                .param("endpoint", endpointId);
        query.and("state = :state", "state", state)
             .and("message_id < :after", "after", afterMessageId);
        PagedQuery.Slice<WebhookMessage> page = query.page(jdbc, "message_id DESC", limit, WebhookOutbox::row);
        return new Page(page.rows(), page.hasMore());
    }

    /** Messages whose retries are exhausted (or whose endpoint is gone), waiting for an integrator's retry. */
    public long deadLetters() {
        return jdbc.sql("SELECT count(*) FROM webhook_messages WHERE state = 'DEAD'").query(Long.class).single();
    }

    public List<Attempt> attempts(String messageId) {
        return attempts(List.of(messageId)).getOrDefault(messageId, List.of());
    }

    /** The attempts of several messages in one query (a page of deliveries), oldest first for each message. */
    public Map<String, List<Attempt>> attempts(List<String> messageIds) {
        Map<String, List<Attempt>> byMessage = new HashMap<>();
        jdbc.sql("SELECT message_id, attempted_at, status_code, latency_ms, error FROM webhook_attempts "
                 + "WHERE message_id = ANY(?) ORDER BY attempt_id")
            .param(messageIds.toArray(String[]::new))
            .query((RowCallbackHandler) row -> byMessage.computeIfAbsent(row.getString("message_id"),
                    id -> new ArrayList<>()).add(new Attempt(instant(row, "attempted_at"),
                    (Integer) row.getObject("status_code"), row.getInt("latency_ms"), row.getString("error"))));
        return byMessage;
    }

    private static WebhookMessage row(ResultSet row, int rowNumber) throws SQLException {
        return new WebhookMessage(row.getString("message_id"), row.getString("endpoint_id"), row.getString("event_id"),
                row.getString("event_type"), row.getString("escrow_id"), row.getLong("sequence"),
                row.getString("replay_id"), row.getString("body"), row.getString("state"), row.getInt("attempt_count"),
                instant(row, "next_attempt_at"), (Integer) row.getObject("last_status"), row.getString("last_error"),
                instant(row, "created_at"), instant(row, "delivered_at"), row.getString("request_id"),
                instant(row, "locked_until"));
    }
}
