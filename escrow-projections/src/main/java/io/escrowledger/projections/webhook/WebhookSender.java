package io.escrowledger.projections.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Sends one message the Standard Webhooks way: {@code webhook-id} (the message id, the same on every retry),
 * {@code webhook-timestamp} (this attempt's Unix seconds) and {@code webhook-signature} ({@code v1,} and the base64
 * HMAC-SHA256 of {@code id.timestamp.body}, one per active secret, space-separated), and {@code X-Request-Id}, the
 * API request that caused the event, when there was one. Redirects are not followed.
 */
public class WebhookSender {

    /** The outcome of one attempt; status is null when no HTTP answer came. */
    public record Result(Integer status, String error, long latencyMs, Duration retryAfter) {

        boolean succeeded() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final HttpClient http;
    private final Clock clock;
    private final Duration timeout;

    public WebhookSender(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                              .connectTimeout(timeout)
                              .followRedirects(HttpClient.Redirect.NEVER)
                              .version(HttpClient.Version.HTTP_1_1)
                              .build();
    }

    public Result send(String url, String messageId, String requestId, String body, List<String> secrets) {
        long timestamp = clock.instant().getEpochSecond();
        String signed = messageId + "." + timestamp + "." + body;
        String signatures = secrets.stream().map(secret -> "v1," + sign(secret, signed))
                                   .collect(Collectors.joining(" "));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                                         .timeout(timeout)
                                         .header("Content-Type", "application/json")
                                         .header("User-Agent", "escrow-ledger-webhooks/1")
                                         .header("webhook-id", messageId)
                                         .header("webhook-timestamp", Long.toString(timestamp))
                                         .header("webhook-signature", signatures)
                                         .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        long started = System.nanoTime();
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            // The answer's body is never read: closing it at once also protects us from endless ones.
            response.body().close();
            return new Result(response.statusCode(), response.statusCode() / 100 == 2 ? null
                    : "HTTP " + response.statusCode(), elapsedMs(started),
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
        } catch (IOException e) {
            return new Result(null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    elapsedMs(started), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted", elapsedMs(started), null);
        } catch (IllegalArgumentException e) {
            return new Result(null, "invalid URL: " + e.getMessage(), elapsedMs(started), null);
        }
    }

    /** Standard Webhooks signature: the key is the base64 part of {@code whsec_…}. */
    static String sign(String secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] key = Base64.getDecoder().decode(secret.substring(secret.indexOf('_') + 1));
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
    private Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
