package io.escrowledger.api.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An integrator's HTTP client for the running service. It signs requests the way docs/authentication.md tells an
 * integrator to, with its own HMAC code (not the service's), so the tests check the documented scheme rather than
 * the service agreeing with itself.
 */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String apiKey;
    private final String apiSecret;

    public ApiClient(int port, String apiKey, String apiSecret) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
    }

    /** The same service, called with another integrator's credentials. */
    public ApiClient as(String otherApiKey, String otherApiSecret) {
        return new ApiClient(URI.create(baseUrl).getPort(), otherApiKey, otherApiSecret);
    }

    public record Response(int status, String body, HttpResponse<String> raw) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Response get(String path) {
        return call("GET", path, null, Map.of());
    }

    public Response post(String path, String json) {
        return call("POST", path, json, Map.of());
    }

    /** A signed request; {@code headers} are added (and may override Content-Type or the signing headers). */
    public Response call(String method, String path, String body, Map<String, String> headers) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> all = new LinkedHashMap<>(signatureHeaders(method, path, bytes,
                String.valueOf(Instant.now().getEpochSecond()), UUID.randomUUID().toString().replace("-", "")));
        if (body != null) {
            all.put("Content-Type", "application/json");
        }
        all.putAll(headers);
        HttpRequest.Builder request = request(path).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        all.forEach(request::header);
        return send(request);
    }

    /** The four signing headers for a request, per docs/authentication.md. */
    public Map<String, String> signatureHeaders(String method, String pathWithQuery, byte[] body, String timestamp,
                                                String nonce) {
        String canonical = timestamp + "\n" + nonce + "\n" + method + "\n" + pathWithQuery + "\n" + hex(sha256(body));
        return Map.of("X-Api-Key", apiKey, "X-Timestamp", timestamp, "X-Nonce", nonce,
                "X-Signature", hex(hmacSha256(apiSecret, canonical)));
    }

    /** An unsigned request builder, for tests of what the service does with one. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path));
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmacSha256(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            text.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return text.toString();
    }
}
