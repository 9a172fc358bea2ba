package io.escrowledger.api.security;

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
        return SecretCipher.fromBase64(properties.secretsEncryptionKey());
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
