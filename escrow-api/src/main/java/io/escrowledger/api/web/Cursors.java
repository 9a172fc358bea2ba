package io.escrowledger.api.web;

import io.escrowledger.projections.support.SecretCipher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Page cursors: the position after which the next page starts (the last id of the page), and a tag the service
 * checks: HMAC-SHA256, keyed by a key derived from the secrets encryption key, over the position, the integrator and
 * the list the page came from (its path and every query parameter but {@code cursor} and {@code limit}). A cursor the
 * service did not issue, or one taken to another list or another integrator, is refused, so a caller cannot page from
 * a position of its own making.
 */
@Component
public class Cursors {

    private static final int TAG_BYTES = 16;
    /** Parameters that do not change which list a page belongs to. */
    private static final Set<String> PAGING = Set.of("cursor", "limit");

    private final SecretKeySpec key;

    public Cursors(SecretCipher cipher) {
        this.key = new SecretKeySpec(cipher.derivedKey("escrow-ledger-page-cursor-v1"), "HmacSHA256");
    }

    /** The cursor of the page that follows the one ending at {@code position}, in this request's list. */
    public String after(HttpServletRequest request, String position) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(position.getBytes(StandardCharsets.UTF_8)) + "."
               + base64.encodeToString(tag(request, position));
    }

    /** The cursor of the page after {@code data}, from the position of its last item; null when no page follows. */
    public <T> String next(HttpServletRequest request, boolean hasMore, List<T> data, Function<T, ?> position) {
        return hasMore ? after(request, String.valueOf(position.apply(data.get(data.size() - 1)))) : null;
    }

    /**
     * @return the position the cursor points after, or null for the first page (or a refused cursor, reported into
     * {@code check}: one not issued for this list and integrator, or whose position is not {@code wellFormed})
     */
    public String position(Validator check, HttpServletRequest request, String cursor, Predicate<String> wellFormed) {
        if (cursor == null) {
            return null;
        }
        int dot = cursor.indexOf('.');
        try {
            if (dot > 0) {
                Base64.Decoder base64 = Base64.getUrlDecoder();
                String position = new String(base64.decode(cursor.substring(0, dot)), StandardCharsets.UTF_8);
                byte[] presented = base64.decode(cursor.substring(dot + 1));
                if (MessageDigest.isEqual(presented, tag(request, position)) && wellFormed.test(position)) {
                    return position;
                }
            }
        } catch (IllegalArgumentException notBase64) {
            // reported below
        }
        check.reject("cursor", "must be the next_cursor of a previous page of this same list");
        return null;
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private byte[] tag(HttpServletRequest request, String position) {
        StringBuilder signed = new StringBuilder("escrow-ledger-page-cursor-v1\n")
                .append(RequestContext.of(request).integratorId()).append('\n')
                .append(request.getRequestURI()).append('\n');
        Map<String, String[]> filters = new TreeMap<>(request.getParameterMap());
        filters.forEach((name, values) -> {
            if (!PAGING.contains(name)) {
                for (String value : values) { // encoded, so no name or value can pass for another
                    signed.append(encoded(name)).append('=').append(encoded(value)).append('\n');
                }
            }
        });
        signed.append(position);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)), TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
