package io.escrowledger.api.idempotency;

import io.escrowledger.api.security.SecurityProperties;
import io.escrowledger.projections.support.SecretCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;

import static io.escrowledger.projections.support.SqlTime.toSql;

/**
 * The first answer to each (integrator, Idempotency-Key), in PostgreSQL so that every node sees it and it survives a
 * restart. A key is claimed before the request runs, in the request's transaction: a committed record always holds
 * its answer, and the uncommitted claim is the lock a concurrent duplicate waits on instead of running twice.
 */
@Component
public record IdempotencyStore(JdbcClient jdbc, Clock clock, SecurityProperties properties, SecretCipher cipher) {

    /** How long a duplicate waits for the request it duplicates to finish. */
    static final Duration DUPLICATE_PATIENCE = Duration.ofSeconds(5);

    /** What was stored for a key before this request. */
    record Stored(String requestMethod, String requestPath, String requestHash, boolean completed,
                  int responseStatus, String responseType, String responseLocation, byte[] responseBody,
                  OffsetDateTime createdAt) {

        boolean sameRequest(String method, String path, String hash) {
            return requestMethod.equals(method) && requestPath.equals(path) && requestHash.equals(hash);
        }
    }

    /**
     * Runs in the request's transaction: the claim commits with the request's work, or not at all. A duplicate of a
     * request still running waits on its claim for {@link #DUPLICATE_PATIENCE}, then gets the finished request's
     * record, or {@link StillRunning} if it is still running.
     *
     * @return empty when this request now owns the key; otherwise what an earlier request with the key left
     */
    Optional<Stored> claim(String integratorId, String key, String method, String path, String hash) {
        jdbc.sql("SET LOCAL lock_timeout = '" + DUPLICATE_PATIENCE.toMillis() + "ms'").update();
        try {
            Optional<Stored> earlier = claimWaiting(integratorId, key, method, path, hash);
            // The short wait is for duplicates only, not for the command this request goes on to run.
            jdbc.sql("SET LOCAL lock_timeout TO DEFAULT").update();
            return earlier;
        } catch (PessimisticLockingFailureException stillRunning) {
            throw new StillRunning();
        }
    }

    /**
     * The request with this key still runs after {@link #DUPLICATE_PATIENCE}. The wait's timeout aborted the
     * transaction of the duplicate that waited: it can only be rolled back.
     */
    static final class StillRunning extends RuntimeException {
        StillRunning() {
            super(null, null, false, false);
        }
    }

    private Optional<Stored> claimWaiting(String integratorId, String key, String method, String path, String hash) {
        for (int attempt = 0; attempt < 2; attempt++) {
            int inserted = jdbc.sql("""
                                    INSERT INTO idempotency_records (integrator_id, idempotency_key, request_method,
                                        request_path, request_hash, state, created_at)
                                    VALUES (?, ?, ?, ?, ?, 'IN_PROGRESS', ?)
                                    ON CONFLICT DO NOTHING""")
                               .params(integratorId, key, method, path, hash, now())
                               .update();
            if (inserted == 1) {
                return Optional.empty();
            }
            Optional<Stored> stored = find(integratorId, key);
            if (stored.isEmpty()) {
                continue; // expired and purged between the insert and the read
            }
            if (!expired(stored.get())) {
                return stored;
            }
            jdbc.sql("DELETE FROM idempotency_records WHERE integrator_id = ? AND idempotency_key = ? AND created_at = ?")
                .params(integratorId, key, stored.get().createdAt())
                .update();
        }
        throw new IllegalStateException("Idempotency key " + key + " could not be claimed");
    }

    /**
     * Stores the answer to replay, in the request's transaction. Its body is encrypted like every secret at rest:
     * some answers carry one (a new webhook endpoint's signing secret, say), and a replay must be the only way to see
     * it again.
     */
    void complete(String integratorId, String key, int status, String contentType, String location, byte[] body) {
        jdbc.sql("""
                 UPDATE idempotency_records SET state = 'COMPLETED', response_status = ?, response_type = ?,
                     response_location = ?, response_body = ?, completed_at = ?
                 WHERE integrator_id = ? AND idempotency_key = ? AND state = 'IN_PROGRESS'""")
            .params(status, contentType, location,
                    cipher.encrypt(Base64.getEncoder().encodeToString(body)).getBytes(StandardCharsets.US_ASCII),
                    now(), integratorId, key)
            .update();
    }

    /** Gives up a claim whose request failed without an answer worth repeating, in the request's transaction. */
    void release(String integratorId, String key) {
        jdbc.sql("DELETE FROM idempotency_records WHERE integrator_id = ? AND idempotency_key = ? "
                 + "AND state = 'IN_PROGRESS'")
            .params(integratorId, key)
            .update();
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    public void forgetExpired() {
        jdbc.sql("DELETE FROM idempotency_records WHERE created_at < ?")
            .param(now().minus(properties.idempotencyRetention()))
            .update();
    }

    private boolean expired(Stored stored) {
        return stored.createdAt().isBefore(now().minus(properties.idempotencyRetention()));
    }

    private Optional<Stored> find(String integratorId, String key) {
        return jdbc.sql("""
                        SELECT request_method, request_path, request_hash, state, response_status, response_type,
                               response_location, response_body, created_at
                        FROM idempotency_records WHERE integrator_id = ? AND idempotency_key = ?""")
                   .params(integratorId, key)
                   .query((row, n) -> new Stored(row.getString("request_method"), row.getString("request_path"),
                           row.getString("request_hash"), "COMPLETED".equals(row.getString("state")),
                           row.getInt("response_status"), row.getString("response_type"),
                           row.getString("response_location"), decrypt(row.getBytes("response_body")),
                           row.getObject("created_at", OffsetDateTime.class)))
                   .optional();
    }

    private byte[] decrypt(byte[] stored) {
        return stored == null ? null
                : Base64.getDecoder().decode(cipher.decrypt(new String(stored, StandardCharsets.US_ASCII)));
    }

    private OffsetDateTime now() {
        return toSql(clock.instant());
    }
}
