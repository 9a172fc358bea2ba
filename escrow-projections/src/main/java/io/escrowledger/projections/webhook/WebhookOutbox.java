package io.escrowledger.projections.webhook;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static io.escrowledger.projections.support.SqlTime.instant;
import static io.escrowledger.projections.support.SqlTime.toSql;

/**
 * The webhook messages waiting to be delivered, and every attempt made. A message is written in the transaction that
 * stores its event (WebhookDispatcher), so each event becomes one message per endpoint, never zero and never two.
 */
@Component
public class WebhookOutbox {

    private static final String COLUMNS = """
            message_id, endpoint_id, event_id, event_type, escrow_id, sequence, replay_id, body, state, attempt_count,
            next_attempt_at, last_status, last_error, created_at, delivered_at, request_id, locked_until""";

    private static final long RELEASE_EVERY_NANOS = 1_000_000_000L;

    private final JdbcClient jdbc;
    private final Clock clock;
    /** When expired claims were last released: long enough ago that the first claim looks at once. */
    private final AtomicLong lastRelease = new AtomicLong(System.nanoTime() - RELEASE_EVERY_NANOS);

    public WebhookOutbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

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
     * Claims the next message that may be sent now: due, no earlier message of the same escrow still waiting for the
     * same endpoint (so each receiver sees an escrow's events in order), and its endpoint not busy with another
     * attempt (so a slow receiver holds one worker at most). A claim whose node died expires after the lease.
     * <p>
     * For each endpoint that is not busy, its oldest message that may go is found by walking its queue in order (an
     * index), usually stopping at the first entry; the oldest of those is claimed. So a growing backlog of messages
     * that may go does not slow the claim, where sorting every due message at each claim made a backlog drain ever
     * slower. (The walk does pass over due messages held back by an earlier one waiting for its retry: the backlog of a
     * receiver that is down.) Locking the endpoint's row keeps overlapping claims from both choosing one endpoint
     * ({@code NO KEY UPDATE}: the dispatcher's inserts hold a key-share lock on it, for their foreign key, during a
     * whole batch); the message is checked again as it is claimed, in case another node claimed it meanwhile.
     */
    Optional<WebhookMessage> claimNext(Duration lease) {
        Instant now = clock.instant();
        releaseExpiredClaims(now);
        return jdbc.sql("""
                        WITH chosen AS (
                            SELECT next.message_id, next.attempt_count
                            FROM webhook_endpoints e
                            CROSS JOIN LATERAL (
                                SELECT m.message_id, m.next_attempt_at, m.attempt_count FROM webhook_messages m
                                WHERE m.endpoint_id = e.endpoint_id AND m.state = 'PENDING'
                                  AND m.next_attempt_at <= :now
                                  AND NOT EXISTS (
                                      SELECT 1 FROM webhook_messages earlier
                                      WHERE earlier.endpoint_id = m.endpoint_id AND earlier.escrow_id = m.escrow_id
                                        AND earlier.replay_id = m.replay_id AND earlier.sequence < m.sequence
                                        AND earlier.state IN ('PENDING', 'SENDING'))
                                ORDER BY m.next_attempt_at
                                LIMIT 1) next
                            WHERE NOT EXISTS (
                                SELECT 1 FROM webhook_messages busy
                                WHERE busy.endpoint_id = e.endpoint_id AND busy.state = 'SENDING'
                                  AND busy.locked_until >= :now)
                            ORDER BY next.next_attempt_at
                            LIMIT 1
                            FOR NO KEY UPDATE OF e SKIP LOCKED)
                        UPDATE webhook_messages SET state = 'SENDING', locked_until = :leaseEnd,
                                                    attempt_count = attempt_count + 1
                        WHERE message_id = (SELECT message_id FROM chosen) AND state = 'PENDING'
                          AND next_attempt_at <= :now AND attempt_count = (SELECT attempt_count FROM chosen)
                        RETURNING""" + " " + COLUMNS)
                   .param("leaseEnd", toSql(now.plus(lease)))
                   .param("now", toSql(now))
                   .query(WebhookOutbox::row)
                   .optional();
    }

    /**
     * Claims whose lease ran out (their node died, or hung past three timeouts) go back to the queue, due at once.
     * The lost attempt stays counted, and its worker can no longer record an outcome (see {@link #delivered}).
     * Looked for at most once a second: a handful of rows, through the index of attempts under way.
     */
    private void releaseExpiredClaims(Instant now) {
        long at = System.nanoTime();
        long last = lastRelease.get();
        if (at - last < RELEASE_EVERY_NANOS || !lastRelease.compareAndSet(last, at)) {
            return;
        }
        jdbc.sql("UPDATE webhook_messages SET state = 'PENDING', locked_until = NULL "
                 + "WHERE state = 'SENDING' AND locked_until < ?")
            .param(toSql(now))
            .update();
    }

    /**
     * Outcomes are recorded only by the claim that made the attempt (still being sent, under the same lease): a worker
     * whose lease ran out while it waited cannot overwrite the outcome of the worker that took the message over, even
     * after a manual retry started the attempt count again.
     */
    void delivered(WebhookMessage message, int status, long latencyMs) {
        recordAttempt(message, status, latencyMs, null,
                "state = 'DELIVERED', last_status = :status, last_error = NULL, delivered_at = :now",
                Map.of());
    }

    /** A failed attempt: retried at {@code nextAttempt}, or dead-lettered when that is null. */
    void failed(WebhookMessage message, Integer status, String error, long latencyMs, Instant nextAttempt) {
        recordAttempt(message, status, latencyMs, error,
                "state = :state, last_status = :status, last_error = :error, next_attempt_at = :next",
                Map.of("state", nextAttempt == null ? "DEAD" : "PENDING",
                        "next", toSql(nextAttempt == null ? clock.instant() : nextAttempt)));
    }

    /** The attempt's row and the message's new state, in one statement. */
    private void recordAttempt(WebhookMessage message, Integer status, long latencyMs, String error, String changes,
                               Map<String, Object> changeParameters) {
        Map<String, Object> parameters = new HashMap<>(changeParameters);
        parameters.put("id", message.messageId());
        parameters.put("lease", toSql(message.lockedUntil()));
        parameters.put("now", toSql(clock.instant()));
        parameters.put("status", status);
        parameters.put("latency", (int) Math.min(latencyMs, Integer.MAX_VALUE));
        parameters.put("error", error);
        jdbc.sql("""
                 WITH attempt AS (
                     INSERT INTO webhook_attempts (message_id, attempted_at, status_code, latency_ms, error)
                     VALUES (:id, :now, :status, :latency, :error))
                 UPDATE webhook_messages SET\s""" + changes + """
                 , locked_until = NULL
                 WHERE message_id = :id AND state = 'SENDING' AND locked_until = :lease""")
            .params(parameters)
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
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM webhook_messages WHERE endpoint_id = :endpoint");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("endpoint", endpointId);
        if (state != null) {
            sql.append(" AND state = :state");
            params.put("state", state);
        }
        if (afterMessageId != null) {
            sql.append(" AND message_id < :after");
            params.put("after", afterMessageId);
        }
        sql.append(" ORDER BY message_id DESC LIMIT :limit");
        params.put("limit", limit + 1);
        List<WebhookMessage> rows = jdbc.sql(sql.toString()).params(params).query(WebhookOutbox::row).list();
        boolean hasMore = rows.size() > limit;
        return new Page(hasMore ? rows.subList(0, limit) : rows, hasMore);
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
