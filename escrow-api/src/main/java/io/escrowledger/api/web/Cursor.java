package io.escrowledger.api.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** An opaque page cursor: the last id of the previous page, base64url-encoded so callers do not parse it. */
public final class Cursor {

    private Cursor() {
    }

    public static String after(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the id of the given kind the cursor points after, or null for the first page (or a refused cursor) */
    public static String decode(Validator check, Ids kind, String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (kind.isWellFormed(id)) {
                return id;
            }
        } catch (IllegalArgumentException notBase64) {
            // reported below
        }
        check.reject("cursor", "must be a next_cursor value from a previous page");
        return null;
    }
}
