package io.escrowledger.api.security;

import io.escrowledger.boot.StartupProblem;
import io.escrowledger.projections.support.SecretCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
@EnableScheduling
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** Fails start-up, with the reason, when the key that protects API secrets at rest is missing or malformed. */
    @Bean
    SecretCipher secretCipher(SecurityProperties properties) {
        try {
            return SecretCipher.fromBase64(properties.secretsEncryptionKey());
        } catch (IllegalArgumentException invalid) {
            throw new StartupProblem("ESCROW_SECRETS_ENCRYPTION_KEY (escrow.security.secrets-encryption-key) is "
                    + "missing or is not base64 of 32 bytes: secrets cannot be stored encrypted without it.",
                    "Set it to the output of `openssl rand -base64 32`, and keep it: secrets stored with one key "
                    + "cannot be read with another. For a local run, use the `local` profile "
                    + "(SPRING_PROFILES_ACTIVE=local).", invalid);
        }
    }

    /** ESCROW_BOOTSTRAP_API_KEY and ESCROW_BOOTSTRAP_API_SECRET: a ready-made integrator for local runs and tests. */
    @Bean
    ApplicationRunner bootstrapIntegrator(SecurityProperties properties, ApiKeyStore keys) {
        return args -> {
            String key = properties.bootstrapApiKey();
            String secret = properties.bootstrapApiSecret();
            if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
                return;
            }
            keys.ensureKey(key, secret, "Bootstrap integrator");
            log.info("Bootstrap API key {} is ready", key);
        };
    }
}
