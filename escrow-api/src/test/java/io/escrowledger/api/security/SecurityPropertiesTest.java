package io.escrowledger.api.security;

import io.escrowledger.api.idempotency.IdempotencyStore;
import io.escrowledger.projections.support.SecretCipher;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The security settings never print their secrets, nor do the record beans that hold them. */
class SecurityPropertiesTest {

    private static final String ENCRYPTION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private final SecurityProperties properties = new SecurityProperties("admin-token-secret", "ak_bootstrap",
            "bootstrap-secret", ENCRYPTION_KEY, Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofHours(24),
            DataSize.ofMegabytes(1), "metrics-token-secret", null, Duration.ofSeconds(5));

    @Test
    void printsWhichSecretsAreSetButNotTheirValues() {
        String printed = properties.toString();

        assertThat(printed).doesNotContain("admin-token-secret", "bootstrap-secret", ENCRYPTION_KEY,
                "metrics-token-secret");
        assertThat(printed).contains("adminToken=(set)", "analystToken=(none)", "bootstrapApiKey=ak_bootstrap",
                "signatureWindow=PT5M", "keyCacheTtl=PT5S");
    }

    @Test
    void aRecordBeanHoldingThemDoesNotPrintThemEither() {
        IdempotencyStore store = new IdempotencyStore(null, Clock.systemUTC(), properties,
                SecretCipher.fromBase64(ENCRYPTION_KEY));

        assertThat(store.toString()).doesNotContain("admin-token-secret", "bootstrap-secret", ENCRYPTION_KEY);
    }
}
