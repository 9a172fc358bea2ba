package io.escrowledger.api.security;

import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.FilterOrder;
import io.escrowledger.api.web.IntegratorRoutes;
import io.escrowledger.api.web.Problems;
import io.escrowledger.api.web.RequestContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Authenticates every /v1 request by its HMAC signature (docs/authentication.md), against the exact bytes received
 * and before any JSON is parsed. On success the request acts for the key's integrator, and its nonce is spent in the
 * request's transaction (NonceStore); on failure it is answered 401 with a code saying why, and goes no further. A
 * signed body that is not well-formed UTF-8 is refused 400 here too, where the bytes are at hand, before any JSON is
 * read from it.
 */
@Component
@Order(FilterOrder.AUTHENTICATION)
public class SignedRequestFilter extends OncePerRequestFilter {

    static final String API_KEY = "X-Api-Key";
    static final String TIMESTAMP = "X-Timestamp";
    static final String NONCE = "X-Nonce";
    static final String SIGNATURE = "X-Signature";

    private static final Pattern NONCE_FORMAT = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern SIGNATURE_FORMAT = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern API_KEY_FORMAT = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private final ApiKeyStore keys;
    private final Clock clock;
    private final SecurityProperties properties;
    private final JsonMapper json;
    private final AuthenticationFailures failures;

    public SignedRequestFilter(ApiKeyStore keys, Clock clock, SecurityProperties properties, JsonMapper json,
                               AuthenticationFailures failures) {
        this.keys = keys;
        this.clock = clock;
        this.properties = properties;
        this.json = json;
        this.failures = failures;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !IntegratorRoutes.covers(request.getServletPath());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<String> missing = new ArrayList<>();
        String apiKey = header(request, API_KEY, missing);
        String timestamp = header(request, TIMESTAMP, missing);
        String nonce = header(request, NONCE, missing);
        String signature = header(request, SIGNATURE, missing);
        if (!missing.isEmpty()) {
            refuse(request, response, ApiError.MISSING_CREDENTIALS, "Missing " + String.join(", ", missing)
                    + ": every /v1 request is signed (see docs/authentication.md)");
            return;
        }
        if (!NONCE_FORMAT.matcher(nonce).matches()) {
            refuse(request, response, ApiError.MISSING_CREDENTIALS, "X-Nonce must be 1 to 128 characters of A-Z, a-z, 0-9, '_' or '-'");
            return;
        }
        if (!RequestSignature.withinWindow(timestamp, clock.instant(), properties.signatureWindow())) {
            refuse(request, response, ApiError.TIMESTAMP_OUT_OF_WINDOW, "X-Timestamp must be Unix seconds within "
                    + properties.signatureWindow().toSeconds() + " s of the server clock (now " + clock.instant().getEpochSecond() + ")");
            return;
        }
        Optional<ApiKeyStore.ActiveKey> key = API_KEY_FORMAT.matcher(apiKey).matches()
                ? keys.findActive(apiKey) : Optional.empty();
        if (key.isEmpty()) {
            refuse(request, response, ApiError.INVALID_API_KEY, "The API key is unknown or revoked");
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) properties.maxRequestBody().toBytes() + 1);
        if (body.length > properties.maxRequestBody().toBytes()) {
            refuse(request, response, ApiError.PAYLOAD_TOO_LARGE, "Request bodies are limited to "
                    + properties.maxRequestBody().toBytes() + " bytes");
            return;
        }
        String bodySha256 = RequestSignature.sha256Hex(body);
        String canonical = RequestSignature.canonicalString(timestamp, nonce, request.getMethod(),
                pathWithQuery(request), bodySha256);
        if (!SIGNATURE_FORMAT.matcher(signature).matches() || !signedByAnyOf(key.get().secrets(), canonical, signature)) {
            refuse(request, response, ApiError.INVALID_SIGNATURE, "X-Signature does not match the request: check the "
                    + "canonical string (timestamp, nonce, method, path and query, SHA-256 of the body) and the secret");
            return;
        }
        if (!isUtf8Text(body)) {
            refuse(request, response, ApiError.MALFORMED_REQUEST, "The body is not UTF-8 text: JSON is sent as "
                    + "well-formed UTF-8 (no overlong forms, encoded surrogates or NUL bytes, and not UTF-16)");
            return;
        }
        RequestContext.attach(request, key.get().integratorId(), apiKey);
        NonceStore.attach(request, nonce);
        MDC.put("integrator_id", key.get().integratorId());
        try {
            chain.doFilter(new CachedBodyRequest(request, body, bodySha256), response);
        } finally {
            MDC.remove("integrator_id");
        }
    }

    /** The path exactly as sent (not decoded), with the raw query string when there is one. */
    public static String pathWithQuery(HttpServletRequest request) {
        String query = request.getQueryString();
        return query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
    }

    /**
     * Whether the body is well-formed UTF-8 without NUL bytes, as every JSON text must be (a NUL is never allowed raw in
     * JSON). Jackson decodes some malformed forms rather than refusing them (an overlong {@code C0 AF} reads as "/",
     * {@code ED A0 80} as a lone surrogate) and reads UTF-16 and UTF-32 too, which a UTF-8 reader of the same bytes (a
     * log, a firewall) would see differently; so the body is checked here, once, strictly.
     */
    private static boolean isUtf8Text(byte[] body) {
        for (byte b : body) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                  .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException malformed) {
            return false;
        }
    }

    /** Tries every accepted secret (two during a rotation), each in constant time. */
    private static boolean signedByAnyOf(List<String> secrets, String canonical, String signature) {
        boolean matched = false;
        for (String secret : secrets) {
            matched |= RequestSignature.matches(RequestSignature.sign(secret, canonical), signature);
        }
        return matched;
    }

    private static String header(HttpServletRequest request, String name, List<String> missing) {
        String value = request.getHeader(name);
        if (value == null || value.isBlank()) {
            missing.add(name);
            return null;
        }
        return value.trim();
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, ApiError error, String detail)
            throws IOException {
        if (error.status().value() == 401) {
            failures.record(error);
        }
        Problems.write(response, json, error, detail, request);
    }
}
