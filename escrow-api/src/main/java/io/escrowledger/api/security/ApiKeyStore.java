package io.escrowledger.api.security;

import io.escrowledger.projections.support.RandomSecrets;
import io.escrowledger.projections.support.SecretCipher;
import io.escrowledger.projections.support.SqlTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Integrators, their API keys and the keys' secrets. Secrets are generated here (32 random bytes), returned once to
 * the caller who created them, and stored only encrypted.
 */
@Component
public class ApiKeyStore {

    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final Clock clock;
    private final SecurityProperties properties;
    private final Map<String, CachedKey> cache = new ConcurrentHashMap<>();
    /** Counts evictions, so a key read before a change committed is not cached after the change evicted it. */
    private final AtomicLong evictions = new AtomicLong();

    public ApiKeyStore(JdbcClient jdbc, SecretCipher cipher, Clock clock, SecurityProperties properties) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.clock = clock;
        this.properties = properties;
    }

    /** A key and its secret as shown once, at creation or rotation. */
    public record Credentials(String integratorId, String name, String apiKey, String apiSecret) {
    }

    /** A key that may sign requests, with every secret currently accepted for it (two during a rotation). */
    public record ActiveKey(String integratorId, List<String> secrets) {
    }

    @Transactional
    public Credentials createIntegrator(String name) {
        return insertKey(insertIntegrator(name), name, newApiKey(), newSecret());
    }

    @Transactional
    public Optional<Credentials> addKey(String integratorId) {
        return integratorName(integratorId).map(name -> insertKey(integratorId, name, newApiKey(), newSecret()));
    }

    /** @return false when the integrator has no such key */
    @Transactional
    public boolean revokeKey(String integratorId, String apiKey) {
        evictAfterCommit(apiKey);
        return jdbc.sql("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE integrator_id = ? AND api_key = ?")
                   .params(now(), integratorId, apiKey)
                   .update() == 1;
    }

    /**
     * Gives the key a new secret. The current one keeps working for the configured overlap, so the integrator can
     * roll the new one out without a moment in which its requests fail; a previous secret still in its overlap is
     * retired at once, so a key never has more than two secrets that sign.
     */
    @Transactional
    public Optional<Credentials> rotateSecret(String integratorId, String apiKey) {
        Optional<String> name = jdbc.sql("""
                                         SELECT i.name FROM api_keys k JOIN integrators i USING (integrator_id)
                                         WHERE k.integrator_id = ? AND k.api_key = ? AND k.revoked_at IS NULL""")
                                    .params(integratorId, apiKey)
                                    .query(String.class)
                                    .optional();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        retireForRotation(apiKey);
        String secret = newSecret();
        insertSecret(apiKey, secret);
        return Optional.of(new Credentials(integratorId, name.get(), apiKey, secret));
    }

    /**
     * The key's integrator and the secrets it accepts now. A key checked once is kept in memory for the configured
     * {@code key-cache-ttl}, so a signed request costs no query; changes made through this store evict it at once,
     * and a change made by another node is seen here within the time to live. Expiry is checked at every use, so a
     * rotated-out secret stops working on time whatever the cache holds.
     */
    public Optional<ActiveKey> findActive(String apiKey) {
        CachedKey cached = cache.get(apiKey);
        if (cached == null || System.nanoTime() - cached.loadedAtNanos() >= properties.keyCacheTtl().toNanos()) {
            long evictionsBefore = evictions.get();
            cached = load(apiKey);
            if (cached == null) {
                cache.remove(apiKey); // unknown or revoked keys are not kept: anyone can send those
                return Optional.empty();
            }
            cache.put(apiKey, cached);
            if (evictions.get() != evictionsBefore) {
                cache.remove(apiKey, cached); // changed while it was read: the next request reads it again
            }
        }
        Instant now = clock.instant();
        List<String> secrets = cached.secrets().stream().filter(secret -> secret.acceptedAt(now))
                                     .map(Secret::plaintext).toList();
        return secrets.isEmpty() ? Optional.empty() : Optional.of(new ActiveKey(cached.integratorId(), secrets));
    }

    private CachedKey load(String apiKey) {
        List<Row> rows = jdbc.sql("""
                                  SELECT k.integrator_id, s.secret_ciphertext, s.expires_at
                                  FROM api_keys k JOIN api_key_secrets s USING (api_key)
                                  WHERE k.api_key = ? AND k.revoked_at IS NULL
                                    AND (s.expires_at IS NULL OR s.expires_at > ?)
                                  ORDER BY s.secret_id DESC""")
                             .params(apiKey, now())
                             .query((row, n) -> new Row(row.getString(1), row.getString(2),
                                     SqlTime.instant(row, "expires_at")))
                             .list();
        if (rows.isEmpty()) {
            return null;
        }
        return new CachedKey(rows.get(0).integratorId(), rows.stream()
                .map(row -> new Secret(cipher.decrypt(row.ciphertext()), row.expiresAt())).toList(), System.nanoTime());
    }

    /** Forgets the key once the transaction that changed it commits (or at once outside a transaction). */
    private void evictAfterCommit(String apiKey) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    evict(apiKey);
                }
            });
        } else {
            evict(apiKey);
        }
    }

    private void evict(String apiKey) {
        evictions.incrementAndGet();
        cache.remove(apiKey);
    }

    /**
     * Makes sure the configured bootstrap key exists with exactly the configured secret, for local runs and tests.
     * Idempotent across restarts; a changed secret replaces the old one at once.
     */
    @Transactional
    public void ensureKey(String apiKey, String secret, String integratorName) {
        // Nodes started together would otherwise all find the key missing and all insert it.
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('escrow.bootstrap-api-key'))").query().listOfRows();
        Optional<ActiveKey> existing = findActive(apiKey);
        if (existing.isPresent()) {
            if (!existing.get().secrets().equals(List.of(secret))) {
                expireSecrets(apiKey, clock.instant());
                insertSecret(apiKey, secret);
            }
            return;
        }
        boolean known = jdbc.sql("SELECT count(*) FROM api_keys WHERE api_key = ?").param(apiKey)
                            .query(Long.class).single() > 0;
        if (known) {
            throw new IllegalStateException("The bootstrap API key " + apiKey + " exists but was revoked");
        }
        insertKey(insertIntegrator(integratorName), integratorName, apiKey, secret);
    }

    private String insertIntegrator(String name) {
        String integratorId = "int_" + UUID.randomUUID();
        jdbc.sql("INSERT INTO integrators (integrator_id, name, created_at) VALUES (?, ?, ?)")
            .params(integratorId, name, now())
            .update();
        return integratorId;
    }

    private Optional<String> integratorName(String integratorId) {
        return jdbc.sql("SELECT name FROM integrators WHERE integrator_id = ?").param(integratorId)
                   .query(String.class).optional();
    }

    private Credentials insertKey(String integratorId, String name, String apiKey, String secret) {
        jdbc.sql("INSERT INTO api_keys (api_key, integrator_id, created_at) VALUES (?, ?, ?)")
            .params(apiKey, integratorId, now())
            .update();
        insertSecret(apiKey, secret);
        return new Credentials(integratorId, name, apiKey, secret);
    }

    private void insertSecret(String apiKey, String secret) {
        evictAfterCommit(apiKey);
        jdbc.sql("INSERT INTO api_key_secrets (api_key, secret_ciphertext, created_at) VALUES (?, ?, ?)")
            .params(apiKey, cipher.encrypt(secret), now())
            .update();
    }

    private void expireSecrets(String apiKey, Instant at) {
        evictAfterCommit(apiKey);
        jdbc.sql("""
                 UPDATE api_key_secrets SET expires_at = ?
                 WHERE api_key = ? AND (expires_at IS NULL OR expires_at > ?)""")
            .params(SqlTime.toSql(at), apiKey, SqlTime.toSql(at))
            .update();
    }

    /** The current secret (the one without an expiry) gets the overlap; a previous one still accepted ends now. */
    private void retireForRotation(String apiKey) {
        evictAfterCommit(apiKey);
        Instant now = clock.instant();
        jdbc.sql("""
                 UPDATE api_key_secrets SET expires_at = CASE WHEN expires_at IS NULL THEN ? ELSE ? END
                 WHERE api_key = ? AND (expires_at IS NULL OR expires_at > ?)""")
            .params(SqlTime.toSql(now.plus(properties.keyRotationOverlap())), SqlTime.toSql(now), apiKey,
                    SqlTime.toSql(now))
            .update();
    }

    private OffsetDateTime now() {
        return SqlTime.toSql(clock.instant());
    }

    private static String newApiKey() {
        return "ak_" + HexFormat.of().formatHex(RandomSecrets.bytes(16));
    }

    private static String newSecret() {
        return "sk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(RandomSecrets.bytes(32));
    }

    private record Row(String integratorId, String ciphertext, Instant expiresAt) {
    }

    private record Secret(String plaintext, Instant expiresAt) {
        boolean acceptedAt(Instant now) {
            return expiresAt == null || expiresAt.isAfter(now);
        }
    }

    private record CachedKey(String integratorId, List<Secret> secrets, long loadedAtNanos) {
    }
}
