package io.escrowledger.api.security;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The request signature of docs/authentication.md: lowercase hex of HMAC-SHA256 keyed with the API secret's UTF-8
 * bytes, over five lines joined by '\n': timestamp, nonce, upper-case method, path with raw query, and the lowercase
 * hex SHA-256 of the raw body.
 */
public final class RequestSignature {

    private static final Pattern TIMESTAMP_FORMAT = Pattern.compile("-?\\d{1,12}");

    private RequestSignature() {
    }

    public static String canonicalString(String timestamp, String nonce, String method, String pathWithQuery,
                                         byte[] body) {
        return canonicalString(timestamp, nonce, method, pathWithQuery, sha256Hex(body));
    }

    /** The same, from the body's SHA-256 (lowercase hex) when the caller has it already. */
    public static String canonicalString(String timestamp, String nonce, String method, String pathWithQuery,
                                         String bodySha256Hex) {
        return String.join("\n", timestamp, nonce, method.toUpperCase(java.util.Locale.ROOT), pathWithQuery,
                bodySha256Hex);
    }

    public static String sign(String secret, String canonicalString) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonicalString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Whether {@code timestamp} (Unix seconds, as sent in X-Timestamp) is within {@code window} of {@code now}, either
     * way; false for anything that is not a plain number of seconds.
     */
    public static boolean withinWindow(String timestamp, Instant now, Duration window) {
        if (!TIMESTAMP_FORMAT.matcher(timestamp).matches()) {
            return false;
        }
        return Math.abs(now.getEpochSecond() - Long.parseLong(timestamp)) <= window.toSeconds();
    }

    /** Constant-time comparison, so the time taken tells an attacker nothing about how much of a guess was right. */
    public static boolean matches(String expected, String provided) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                provided.getBytes(StandardCharsets.US_ASCII));
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
