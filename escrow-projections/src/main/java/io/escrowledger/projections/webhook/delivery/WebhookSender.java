package io.escrowledger.projections.webhook.delivery;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Sends one message the Standard Webhooks way: {@code webhook-id} (the message id, the same on every retry),
 * {@code webhook-timestamp} (this attempt's Unix seconds) and {@code webhook-signature} ({@code v1,} and the base64
 * HMAC-SHA256 of {@code id.timestamp.body}, one per active secret, space-separated), and {@code X-Request-Id}, the
 * API request that caused the event, when there was one. Redirects are not followed. The HTTP client resolves a host
 * through {@link WebhookTargets#checkedAddresses} and connects only to the addresses it let through, so the address
 * actually connected to has passed the same check as the URL (no DNS rebinding between the check and the connection).
 */
public class WebhookSender {

    /** The outcome of one attempt; status is null when no HTTP answer came. */
    public record Result(Integer status, String error, long latencyMs, Duration retryAfter) {

        boolean succeeded() {
            return status != null && status >= 200 && status < 300;
        }
    }

    /** Ends an attempt that is still running when its time is up (a receiver that trickles its answer, say). */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "webhook-attempt-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    /** Enough that delivery threads never wait for a connection, whatever endpoints share a host. */
    private static final int MAX_CONNECTIONS = 256;

    private final CloseableHttpClient http;
    private final Clock clock;
    private final Duration timeout;

    public WebhookSender(Clock clock, Duration timeout, WebhookTargets targets) {
        this.clock = clock;
        this.timeout = timeout;
        Timeout perStep = Timeout.of(timeout);
        this.http = HttpClients.custom()
                               .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                                       .setDnsResolver(checkedBy(targets))
                                       .setDefaultConnectionConfig(ConnectionConfig.custom()
                                               .setConnectTimeout(perStep).setSocketTimeout(perStep).build())
                                       .setMaxConnTotal(MAX_CONNECTIONS)
                                       .setMaxConnPerRoute(MAX_CONNECTIONS)
                                       .build())
                               .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(perStep)
                                       .setResponseTimeout(perStep).setRedirectsEnabled(false).build())
                               .disableRedirectHandling()
                               .disableAutomaticRetries()
                               .disableCookieManagement()
                               .disableAuthCaching()
                               .disableContentCompression()
                               .build();
    }

    private static DnsResolver checkedBy(WebhookTargets targets) {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return targets.checkedAddresses(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
            }
        };
    }

    public Result send(String url, String messageId, String requestId, String body, List<String> secrets) {
        long timestamp = clock.instant().getEpochSecond();
        String signed = messageId + "." + timestamp + "." + body;
        String signatures = secrets.stream().map(secret -> "v1," + sign(secret, signed))
                                   .collect(Collectors.joining(" "));
        long started = System.nanoTime();
        HttpPost request;
        try {
            request = new HttpPost(URI.create(url));
        } catch (IllegalArgumentException e) {
            return new Result(null, "invalid URL: " + e.getMessage(), elapsedMs(started), null);
        }
        request.setHeader("User-Agent", "escrow-ledger-webhooks/1");
        request.setHeader("webhook-id", messageId);
        request.setHeader("webhook-timestamp", Long.toString(timestamp));
        request.setHeader("webhook-signature", signatures);
        if (requestId != null) {
            request.setHeader("X-Request-Id", requestId);
        }
        request.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8),
                ContentType.create("application/json")));
        ScheduledFuture<?> deadline = DEADLINES.schedule(request::cancel, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            CloseableHttpResponse response = (CloseableHttpResponse) http.executeOpen(null, request, null);
            int status = response.getCode();
            Header retryAfter = response.getFirstHeader("Retry-After");
            // The answer's body is never read: dropping the connection also protects us from endless ones.
            response.close(CloseMode.IMMEDIATE);
            return new Result(status, status / 100 == 2 ? null : "HTTP " + status, elapsedMs(started),
                    retryAfter(retryAfter == null ? null : retryAfter.getValue()));
        } catch (IOException e) {
            String error = request.isCancelled() ? "timed out after " + timeout.toMillis() + " ms"
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Result(null, error, elapsedMs(started), null);
        } finally {
            deadline.cancel(false);
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
