package io.escrowledger.api.security;

import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.Problems;
import io.escrowledger.api.web.RequestContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Clock;

import static io.escrowledger.projections.support.SqlTime.toSql;

/**
 * Remembers the nonces of signed requests in PostgreSQL, so a request replayed to any node is refused. A nonce is
 * kept for twice the signature window plus a margin: after that, the replayed request's timestamp refuses it anyway.
 * It is spent in the request's own transaction (RequestTransactionFilter), after the signature is proven, so nobody
 * can burn another integrator's nonces; a replay sent while the first request still runs waits for it on the row.
 */
@Component
public record NonceStore(JdbcClient jdbc, Clock clock, SecurityProperties properties, JsonMapper json,
                         AuthenticationFailures failures) {

    private static final String NONCE = NonceStore.class.getName() + ".nonce";

    /** Called by the signature filter once the signature is proven: the nonce to spend with the request. */
    static void attach(HttpServletRequest request, String nonce) {
        request.setAttribute(NONCE, nonce);
    }

    /**
     * Spends the request's nonce, or answers {@code 401 nonce_reused} when its key used it before.
     *
     * @return whether the request may go on
     */
    public boolean spendOrRefuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (firstUse(RequestContext.of(request).apiKey(), (String) request.getAttribute(NONCE))) {
            return true;
        }
        failures.record(ApiError.NONCE_REUSED);
        Problems.write(response, json, ApiError.NONCE_REUSED, "This X-Nonce was already used with this API key: "
                + "sign every request with a fresh nonce", request);
        return false;
    }

    /** @return true the first time this key uses this nonce, false on every later use */
    boolean firstUse(String apiKey, String nonce) {
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
