package io.escrowledger.api.security;

import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Seed;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Each reason a /v1 request is refused 401, and that a refused request changes nothing. */
class SignedRequestIntegrationTest extends IntegrationTest {

    @Test
    void correctlySignedRequestIsAccepted() {
        assertThat(api.get("/v1/escrows?limit=1").status()).isEqualTo(200);
    }

    @Test
    void requestWithoutCredentialsIsRefused() {
        ApiClient.Response response = api.send(api.request("/v1/escrows"));

        expectRefused(response, "missing_credentials");
        assertThat(response.json().get("detail").asString()).contains("X-Api-Key", "X-Signature");
    }

    @Test
    void requestWithAMalformedNonceIsRefused() {
        expectRefused(sendWith("GET", "/v1/escrows", "", now(), "not a nonce!", Map.of()), "missing_credentials");
    }

    @Test
    void unknownApiKeyIsRefused() {
        ApiClient stranger = api.as("ak_nobody", "sk_whatever");

        expectRefused(stranger.get("/v1/escrows"), "invalid_api_key");
    }

    /**
     * A minute beyond the 300 s window either way: the test's clock and the server's are read at different moments,
     * which may be seconds apart on a busy machine. The exact boundary is RequestSignatureTest's, on a fixed clock.
     */
    @Test
    void staleAndFutureTimestampsAreRefused() {
        expectRefused(sendWith("GET", "/v1/escrows", "", secondsFromNow(-360), nonce(), Map.of()),
                "timestamp_out_of_window");
        expectRefused(sendWith("GET", "/v1/escrows", "", secondsFromNow(360), nonce(), Map.of()),
                "timestamp_out_of_window");
        expectRefused(sendWith("GET", "/v1/escrows", "", "yesterday", nonce(), Map.of()), "timestamp_out_of_window");
        assertThat(sendWith("GET", "/v1/escrows", "", secondsFromNow(-240), nonce(), Map.of()).status())
                .isEqualTo(200);
    }

    private static String secondsFromNow(long seconds) {
        return String.valueOf(Instant.now().getEpochSecond() + seconds);
    }

    @Test
    void replayedRequestIsRefusedEvenWhenOtherwiseValid() {
        String body = Seed.createEscrow(Seed.uniqueExternalId());
        Map<String, String> signed = api.signatureHeaders("POST", "/v1/escrows", bytes(body), now(), nonce());
        long before = allStoredEvents();

        assertThat(replay("POST", "/v1/escrows", body, signed).status()).isEqualTo(201);
        expectRefused(replay("POST", "/v1/escrows", body, signed), "nonce_reused");
        assertThat(allStoredEvents()).isEqualTo(before + 1);
    }

    @Test
    void bodyPathMethodOrHeaderTamperedAfterSigningIsRefusedAndChangesNothing() {
        String body = Seed.createEscrow(Seed.uniqueExternalId());
        long before = allStoredEvents();

        Map<String, String> signed = api.signatureHeaders("POST", "/v1/escrows", bytes(body), now(), nonce());
        expectRefused(replay("POST", "/v1/escrows", body.replace("50000", "50001"), signed), "invalid_signature");

        signed = api.signatureHeaders("POST", "/v1/escrows", bytes(body), now(), nonce());
        expectRefused(replay("POST", "/v1/escrows?x=1", body, signed), "invalid_signature");

        signed = api.signatureHeaders("GET", "/v1/escrows", new byte[0], now(), nonce());
        expectRefused(replay("DELETE", "/v1/escrows", null, signed), "invalid_signature");

        Map<String, String> tamperedTimestamp = new java.util.HashMap<>(
                api.signatureHeaders("GET", "/v1/escrows", new byte[0], now(), nonce()));
        tamperedTimestamp.put("X-Timestamp", String.valueOf(Instant.now().getEpochSecond() - 5));
        expectRefused(replay("GET", "/v1/escrows", null, tamperedTimestamp), "invalid_signature");

        signed = new java.util.HashMap<>(api.signatureHeaders("GET", "/v1/escrows", new byte[0], now(), nonce()));
        signed.put("X-Signature", signed.get("X-Signature").toUpperCase());
        expectRefused(replay("GET", "/v1/escrows", null, signed), "invalid_signature");

        assertThat(allStoredEvents()).isEqualTo(before);
    }

    @Test
    void theQueryStringIsSignedAsSent() {
        Map<String, String> signed = api.signatureHeaders("GET", "/v1/escrows?limit=2&state=FUNDED", new byte[0],
                now(), nonce());

        assertThat(replay("GET", "/v1/escrows?limit=2&state=FUNDED", null, signed).status()).isEqualTo(200);
    }

    @Test
    void aRefusedSignatureDoesNotSpendTheNonce() {
        String nonce = nonce();
        Map<String, String> wrong = new java.util.HashMap<>(api.signatureHeaders("GET", "/v1/escrows", new byte[0],
                now(), nonce));
        wrong.put("X-Signature", "0".repeat(64));
        expectRefused(replay("GET", "/v1/escrows", null, wrong), "invalid_signature");

        Map<String, String> right = api.signatureHeaders("GET", "/v1/escrows", new byte[0], now(), nonce);
        assertThat(replay("GET", "/v1/escrows", null, right).status()).isEqualTo(200);
    }

    @Test
    void oversizedBodiesAreRefusedBeforeAnythingElse() {
        String huge = "{\"external_id\": \"" + "x".repeat(1_100_000) + "\"}";

        ApiClient.Response response = api.post("/v1/escrows", huge);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("code").asString()).isEqualTo("payload_too_large");
    }

    private ApiClient.Response sendWith(String method, String path, String body, String timestamp, String nonce,
                                        Map<String, String> extra) {
        Map<String, String> headers = new java.util.HashMap<>(api.signatureHeaders(method, path, bytes(body),
                timestamp, nonce));
        headers.put("X-Nonce", nonce);
        headers.putAll(extra);
        return replay(method, path, body.isEmpty() ? null : body, headers);
    }

    /** Sends exactly these headers (already signed, or deliberately wrong). */
    private ApiClient.Response replay(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = api.request(path).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return api.send(request);
    }

    private static void expectRefused(ApiClient.Response response, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("request_id").asString()).isEqualTo(response.header("X-Request-Id"));
    }

    private static String now() {
        return String.valueOf(Instant.now().getEpochSecond());
    }

    private static String nonce() {
        return UUID.randomUUID().toString();
    }

    private static byte[] bytes(String body) {
        return body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    }
}
