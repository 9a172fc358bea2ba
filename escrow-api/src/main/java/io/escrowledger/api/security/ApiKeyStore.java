package io.escrowledger.api.security;

import io.escrowledger.projections.support.RandomSecrets;
import io.escrowledger.projections.support.SecretCipher;
import io.escrowledger.projections.support.SqlTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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
        return jdbc.sql("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE integrator_id = ? AND api_key = ?")
                   .params(now(), integratorId, apiKey)
                   .update() == 1;
    }

    /**
     * Gives the key a new secret. The secrets it had keep working for the configured overlap, so the integrator can
     * roll the new one out without a moment in which its requests fail.
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
        expireSecrets(apiKey, clock.instant().plus(properties.keyRotationOverlap()));
        String secret = newSecret();
        insertSecret(apiKey, secret);
        return Optional.of(new Credentials(integratorId, name.get(), apiKey, secret));
    }

    public Optional<ActiveKey> findActive(String apiKey) {
        List<Row> rows = jdbc.sql("""
                                  SELECT k.integrator_id, s.secret_ciphertext
                                  FROM api_keys k JOIN api_key_secrets s USING (api_key)
                                  WHERE k.api_key = ? AND k.revoked_at IS NULL
                                    AND (s.expires_at IS NULL OR s.expires_at > ?)
                                  ORDER BY s.secret_id DESC""")
                             .params(apiKey, now())
                             .query((row, n) -> new Row(row.getString(1), row.getString(2)))
                             .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ActiveKey(rows.get(0).integratorId(),
                rows.stream().map(row -> cipher.decrypt(row.ciphertext())).toList()));
    }

    /**
     * Makes sure the configured bootstrap key exists with exactly the configured secret, for local runs and tests.
     * Idempotent across restarts; a changed secret replaces the old one at once.
     */
    @Transactional
    public void ensureKey(String apiKey, String secret, String integratorName) {
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
        jdbc.sql("INSERT INTO api_key_secrets (api_key, secret_ciphertext, created_at) VALUES (?, ?, ?)")
            .params(apiKey, cipher.encrypt(secret), now())
            .update();
    }

    private void expireSecrets(String apiKey, Instant at) {
        jdbc.sql("""
                 UPDATE api_key_secrets SET expires_at = ?
                 WHERE api_key = ? AND (expires_at IS NULL OR expires_at > ?)""")
            .params(SqlTime.toSql(at), apiKey, SqlTime.toSql(at))
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

    private record Row(String integratorId, String ciphertext) {
    }
}
