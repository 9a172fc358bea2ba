package io.escrowledger.projections.webhook;

import io.escrowledger.projections.support.RandomSecrets;
import io.escrowledger.projections.support.SecretCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static io.escrowledger.projections.support.SqlTime.instant;
import static io.escrowledger.projections.support.SqlTime.toSql;

/**
 * Integrators' webhook endpoints and their signing secrets, in the Standard Webhooks format ({@code whsec_} and the
 * base64 of 32 random bytes), stored encrypted. Every read is scoped to one integrator.
 */
@Component
public record WebhookEndpoints(JdbcClient jdbc, SecretCipher cipher, Clock clock, WebhookProperties properties) {

    private static final String COLUMNS = """
            endpoint_id, integrator_id, url, description, event_types, enabled, disabled_reason, created_at, updated_at""";

    /** An endpoint with the secret it was just given: the only moment the secret is shown. */
    public record WithSecret(WebhookEndpoint endpoint, String secret) {
    }

    public WithSecret create(String endpointId, String integratorId, String url, String description,
                             List<String> eventTypes) {
        String secret = newSecret();
        OffsetDateTime now = now();
        jdbc.sql("""
                 INSERT INTO webhook_endpoints (endpoint_id, integrator_id, url, description, event_types, enabled,
                                                secret_ciphertext, created_at, updated_at)
                 VALUES (?, ?, ?, ?, ?, true, ?, ?, ?)""")
            .params(endpointId, integratorId, url, description, textArray(eventTypes), cipher.encrypt(secret), now, now)
            .update();
        return new WithSecret(find(integratorId, endpointId).orElseThrow(), secret);
    }

    /** An endpoint to deliver to, with the secrets that sign a message now. */
    public record DeliveryTarget(WebhookEndpoint endpoint, List<String> signingSecrets) {
    }

    /**
     * Any integrator's endpoint that still exists, for delivery, with its signing secrets: the current one, and the
     * previous one while its overlap lasts. One read per attempt.
     */
    public Optional<DeliveryTarget> forDelivery(String endpointId) {
        return jdbc.sql("SELECT " + COLUMNS + """
                        , secret_ciphertext, previous_secret_ciphertext, previous_secret_expires_at
                        FROM webhook_endpoints WHERE endpoint_id = ? AND deleted_at IS NULL""")
                   .param(endpointId)
                   .query((row, n) -> {
                       WebhookEndpoint endpoint = row(row, n);
                       if (!endpoint.enabled()) {
                           return new DeliveryTarget(endpoint, List.of()); // nothing is sent to it
                       }
                       List<String> secrets = new ArrayList<>();
                       secrets.add(cipher.decrypt(row.getString("secret_ciphertext")));
                       Instant previousExpires = instant(row, "previous_secret_expires_at");
                       String previous = row.getString("previous_secret_ciphertext");
                       if (previous != null && previousExpires != null && previousExpires.isAfter(clock.instant())) {
                           secrets.add(cipher.decrypt(previous));
                       }
                       return new DeliveryTarget(endpoint, List.copyOf(secrets));
                   })
                   .optional();
    }

    public Optional<WebhookEndpoint> find(String integratorId, String endpointId) {
        return select("integrator_id = ? AND endpoint_id = ?", integratorId, endpointId).optional();
    }

    public List<WebhookEndpoint> list(String integratorId) {
        return select("integrator_id = ? ORDER BY endpoint_id", integratorId).list();
    }

    /**
     * The integrator's enabled endpoints now (the dispatcher filters by type). The dispatcher asks in the transaction
     * that stores the event, so these are the endpoints that existed when the event happened: the order of the two
     * commits decides, not their timestamps, which nodes whose clocks disagree would have stamped the wrong way round.
     */
    public List<WebhookEndpoint> subscribers(String integratorId) {
        return select("integrator_id = ? AND enabled", integratorId).list();
    }

    /** The endpoints that still exist and match {@code condition} (which may end with an ORDER BY). */
    private JdbcClient.MappedQuerySpec<WebhookEndpoint> select(String condition, Object... params) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE deleted_at IS NULL AND " + condition)
                   .params(params)
                   .query(WebhookEndpoints::row);
    }

    /** Applies the non-null changes; a re-enabled endpoint forgets why it was disabled. */
    public Optional<WebhookEndpoint> update(String integratorId, String endpointId, String url, String description,
                                            List<String> eventTypes, boolean clearEventTypes, Boolean enabled) {
        int updated = jdbc.sql("""
                               UPDATE webhook_endpoints SET
                                   url = COALESCE(?, url),
                                   description = COALESCE(?, description),
                                   event_types = CASE WHEN ? THEN NULL ELSE COALESCE(?, event_types) END,
                                   enabled = COALESCE(?, enabled),
                                   disabled_reason = CASE WHEN ? IS TRUE THEN NULL ELSE disabled_reason END,
                                   updated_at = ?
                               WHERE integrator_id = ? AND endpoint_id = ? AND deleted_at IS NULL""")
                          .params(url, description, clearEventTypes, textArray(eventTypes), enabled, enabled, now(),
                                  integratorId, endpointId)
                          .update();
        return updated == 0 ? Optional.empty() : find(integratorId, endpointId);
    }

    /** Deletes the endpoint: it receives nothing more, and its undelivered messages are dropped. */
    public boolean delete(String integratorId, String endpointId) {
        int deleted = jdbc.sql("""
                               UPDATE webhook_endpoints SET deleted_at = ?, enabled = false, updated_at = ?
                               WHERE integrator_id = ? AND endpoint_id = ? AND deleted_at IS NULL""")
                          .params(now(), now(), integratorId, endpointId)
                          .update();
        if (deleted == 0) {
            return false; // not this integrator's, or already gone: its messages are not ours to touch
        }
        jdbc.sql("UPDATE webhook_messages SET state = 'DEAD', last_error = 'endpoint deleted' "
                 + "WHERE endpoint_id = ? AND state = 'PENDING'")
            .param(endpointId)
            .update();
        return true;
    }

    /** A new secret; the current one keeps signing, as a second signature, for the configured overlap. */
    public Optional<String> rotateSecret(String integratorId, String endpointId) {
        String secret = newSecret();
        int updated = jdbc.sql("""
                               UPDATE webhook_endpoints SET previous_secret_ciphertext = secret_ciphertext,
                                   previous_secret_expires_at = ?, secret_ciphertext = ?, updated_at = ?
                               WHERE integrator_id = ? AND endpoint_id = ? AND deleted_at IS NULL""")
                          .params(toSql(clock.instant().plus(properties.secretOverlap())), cipher.encrypt(secret),
                                  now(), integratorId, endpointId)
                          .update();
        return updated == 1 ? Optional.of(secret) : Optional.empty();
    }

    /** A receiver answered 410 Gone: it wants nothing more. */
    public void disable(String endpointId, String reason) {
        jdbc.sql("UPDATE webhook_endpoints SET enabled = false, disabled_reason = ?, updated_at = ? WHERE endpoint_id = ?")
            .params(reason, now(), endpointId)
            .update();
    }

    private OffsetDateTime now() {
        return toSql(clock.instant());
    }

    private static String newSecret() {
        return "whsec_" + Base64.getEncoder().encodeToString(RandomSecrets.bytes(32));
    }

    private static String[] textArray(List<String> values) {
        return values == null ? null : values.toArray(String[]::new);
    }

    private static WebhookEndpoint row(ResultSet row, int rowNumber) throws SQLException {
        Array types = row.getArray("event_types");
        return new WebhookEndpoint(row.getString("endpoint_id"), row.getString("integrator_id"), row.getString("url"),
                row.getString("description"), types == null ? null : Arrays.asList((String[]) types.getArray()),
                row.getBoolean("enabled"), row.getString("disabled_reason"), instant(row, "created_at"),
                instant(row, "updated_at"));
    }
}
