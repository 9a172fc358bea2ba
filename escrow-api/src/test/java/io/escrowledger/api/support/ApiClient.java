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
import java.util.HexFormat;
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

    /** The same integrator, calling another node of the service. */
    public ApiClient onPort(int otherPort) {
        return new ApiClient(otherPort, apiKey, apiSecret);
    }

    /** The same service, called with another integrator's credentials. */
    public ApiClient as(String otherApiKey, String otherApiSecret) {
        return new ApiClient(URI.create(baseUrl).getPort(), otherApiKey, otherApiSecret);
    }

    public record Response(int status, String body, HttpResponse<String> raw) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        /** A response header, or null (also for raw socket responses, whose headers are not parsed). */
        public String header(String name) {
            return raw == null ? null : raw.headers().firstValue(name).orElse(null);
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

    /** Sends the request; the answer must match the service's OpenAPI document, or the test fails here. */
    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            OpenApiDocument.of(baseUrl).assertMatches(response);
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A signed GET sent over a plain socket, for request targets Java's HTTP client refuses to send (bad
     * percent-encoding, for instance) but an attacker's client would.
     */
    public Response rawGet(String pathWithQuery) {
        return raw("GET", pathWithQuery, new byte[0], () -> { });
    }

    /**
     * A signed request sent over a plain socket (and not checked against the OpenAPI document): the headers and the
     * first half of the body, then {@code betweenHalves}, then the rest. While {@code betweenHalves} runs, the service
     * is serving a request it cannot finish yet: a request surely in flight.
     */
    public Response raw(String method, String pathWithQuery, byte[] body, Runnable betweenHalves) {
        URI base = URI.create(baseUrl);
        Map<String, String> headers = signatureHeaders(method, pathWithQuery, body,
                String.valueOf(Instant.now().getEpochSecond()), UUID.randomUUID().toString().replace("-", ""));
        StringBuilder request = new StringBuilder(method + " " + pathWithQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                  + "Connection: close\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        if (body.length > 0) {
            request.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        request.append("\r\n");
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            java.io.OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            betweenHalves.run();
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (answer.isEmpty()) {
                throw new java.io.EOFException("The connection closed without an answer");
            }
            int status = Integer.parseInt(answer.substring(9, 12));
            String answerBody = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            if (answer.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                answerBody = answerBody.substring(answerBody.indexOf("\r\n") + 2, answerBody.lastIndexOf("\r\n0\r\n"));
            }
            return new Response(status, answerBody, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        return HexFormat.of().formatHex(bytes);
    }
}
