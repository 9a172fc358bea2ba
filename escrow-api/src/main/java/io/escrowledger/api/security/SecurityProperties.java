package io.escrowledger.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * How integrators and operators are authenticated. See docs/authentication.md and docs/configuration.md.
 *
 * @param adminToken             bearer token of the admin API; the admin API does not exist while it is blank
 * @param bootstrapApiKey        with bootstrapApiSecret: a key the service makes sure exists at start (local use, tests)
 * @param bootstrapApiSecret     the secret of bootstrapApiKey
 * @param secretsEncryptionKey   base64 of 32 bytes: the AES-256 key that encrypts API secrets at rest
 * @param signatureWindow        how far a request's X-Timestamp may be from the server clock, either way
 * @param keyRotationOverlap     how long a rotated key's previous secret keeps working
 * @param idempotencyRetention   how long a first answer is replayed for its Idempotency-Key
 * @param maxRequestBody         the largest request body read (and signed) before refusing with 413
 * @param metricsToken           bearer token of /actuator/prometheus; the endpoint does not exist while it is blank
 * @param analystToken           bearer token of the dashboard's data (the admin token opens it too)
 * @param keyCacheTtl            how long a node keeps a checked API key in memory before reading it again; a key
 *                               revoked or rotated on another node is seen here within this time
 */
@ConfigurationProperties("escrow.security")
public record SecurityProperties(String adminToken,
                                 String bootstrapApiKey,
                                 String bootstrapApiSecret,
                                 String secretsEncryptionKey,
                                 @DefaultValue("300s") Duration signatureWindow,
                                 @DefaultValue("24h") Duration keyRotationOverlap,
                                 @DefaultValue("24h") Duration idempotencyRetention,
                                 @DefaultValue("1MB") DataSize maxRequestBody,
                                 String metricsToken,
                                 String analystToken,
                                 @DefaultValue("5s") Duration keyCacheTtl) {

    /**
     * The settings without the tokens, the bootstrap secret and the encryption key, which a record would print: the
     * beans that hold these properties print them too (a record bean's toString shows its components).
     */
    @Override
    public String toString() {
        return "SecurityProperties[adminToken=" + redacted(adminToken) + ", bootstrapApiKey=" + bootstrapApiKey
               + ", bootstrapApiSecret=" + redacted(bootstrapApiSecret) + ", secretsEncryptionKey="
               + redacted(secretsEncryptionKey) + ", signatureWindow=" + signatureWindow + ", keyRotationOverlap="
               + keyRotationOverlap + ", idempotencyRetention=" + idempotencyRetention + ", maxRequestBody="
               + maxRequestBody + ", metricsToken=" + redacted(metricsToken) + ", analystToken="
               + redacted(analystToken) + ", keyCacheTtl=" + keyCacheTtl + "]";
    }

    private static String redacted(String secret) {
        return secret == null || secret.isBlank() ? "(none)" : "(set)";
    }
}
