package io.escrowledger.api.security;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;

import static io.escrowledger.projections.support.SqlTime.toSql;

/**
 * Remembers the nonces of signed requests in PostgreSQL, so a request replayed to any node is refused. A nonce is
 * kept for twice the signature window plus a margin: after that, the replayed request's timestamp refuses it anyway.
 */
@Component
public class NonceStore {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecurityProperties properties;

    public NonceStore(JdbcClient jdbc, Clock clock, SecurityProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /** @return true the first time this key uses this nonce, false on every later use */
    public boolean firstUse(String apiKey, String nonce) {
        return jdbc.sql("""
                        INSERT INTO request_nonces (api_key, nonce, seen_at) VALUES (?, ?, ?)
                        ON CONFLICT DO NOTHING""")
                   .params(apiKey, nonce, toSql(clock.instant()))
                   .update() == 1;
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    public void forgetExpired() {
        jdbc.sql("DELETE FROM request_nonces WHERE seen_at < ?")
            .param(toSql(clock.instant().minus(properties.signatureWindow().multipliedBy(3))))
            .update();
    }
}
