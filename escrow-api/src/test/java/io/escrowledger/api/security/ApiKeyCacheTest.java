package io.escrowledger.api.security;

import io.escrowledger.projections.support.SecretCipher;
import io.escrowledger.projections.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory copy of checked API keys: what another node changes is seen once the time to live has passed, what
 * this node changes is seen at once, and a rotated-out secret expires on time whatever the cache holds.
 */
class ApiKeyCacheTest {

    private static final String ENCRYPTION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.shared().migratedDataSource());
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T12:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private ApiKeyStore.Credentials credentials;

    private ApiKeyStore store(Duration cacheTtl) {
        SecurityProperties properties = new SecurityProperties(null, null, null, ENCRYPTION_KEY, Duration.ofMinutes(5),
                Duration.ofHours(1), Duration.ofHours(24), DataSize.ofMegabytes(1), null, null, cacheTtl);
        return new ApiKeyStore(jdbc, SecretCipher.fromBase64(ENCRYPTION_KEY), clock, properties);
    }

    @BeforeEach
    void anIntegrator() {
        credentials = store(Duration.ZERO).createIntegrator("Cache check");
    }

    @Test
    void aKeyRevokedByAnotherNodeIsRefusedOnceTheTimeToLiveHasPassed() {
        ApiKeyStore cached = store(Duration.ofHours(1));
        ApiKeyStore shortLived = store(Duration.ZERO);
        assertThat(cached.findActive(credentials.apiKey())).isPresent();
        assertThat(shortLived.findActive(credentials.apiKey())).isPresent();

        store(Duration.ZERO).revokeKey(credentials.integratorId(), credentials.apiKey()); // "another node"

        assertThat(cached.findActive(credentials.apiKey())).as("within the time to live").isPresent();
        assertThat(shortLived.findActive(credentials.apiKey())).as("after the time to live").isEmpty();
    }

    @Test
    void aKeyRevokedThroughThisStoreIsRefusedAtOnce() {
        ApiKeyStore cached = store(Duration.ofHours(1));
        assertThat(cached.findActive(credentials.apiKey())).isPresent();

        assertThat(cached.revokeKey(credentials.integratorId(), credentials.apiKey())).isTrue();

        assertThat(cached.findActive(credentials.apiKey())).isEmpty();
    }

    @Test
    void aRotatedOutSecretExpiresOnTimeWhileTheKeyIsCached() {
        ApiKeyStore cached = store(Duration.ofHours(1));
        String rotated = cached.rotateSecret(credentials.integratorId(), credentials.apiKey()).orElseThrow()
                               .apiSecret();
        assertThat(cached.findActive(credentials.apiKey()).orElseThrow().secrets())
                .containsExactly(rotated, credentials.apiSecret());

        now.set(now.get().plus(Duration.ofHours(1)).plusSeconds(1)); // past the rotation overlap

        assertThat(cached.findActive(credentials.apiKey()).orElseThrow().secrets()).isEqualTo(List.of(rotated));
    }

    @Test
    void aSecondRotationRetiresThePreviousSecretAtOnceEvenWhileTheKeyIsCached() {
        ApiKeyStore cached = store(Duration.ofHours(1));
        String first = cached.rotateSecret(credentials.integratorId(), credentials.apiKey()).orElseThrow().apiSecret();
        cached.findActive(credentials.apiKey()); // cached with the first rotated secret and the original
        String second = cached.rotateSecret(credentials.integratorId(), credentials.apiKey()).orElseThrow()
                              .apiSecret();

        assertThat(cached.findActive(credentials.apiKey()).orElseThrow().secrets()).containsExactly(second, first);
        now.set(now.get().plus(Duration.ofHours(1)).plusSeconds(1));
        assertThat(cached.findActive(credentials.apiKey()).orElseThrow().secrets()).containsExactly(second);
    }
}
