package io.escrowledger.api.escrow;

import io.escrowledger.api.web.FieldViolation;
import io.escrowledger.api.web.Ids;
import io.escrowledger.api.web.RequestValidationException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** An opaque page cursor: the last escrow id of the previous page, base64url-encoded so callers do not parse it. */
final class Cursor {

    private Cursor() {
    }

    static String after(String escrowId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(escrowId.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the escrow id the cursor points after, or null for the first page */
    static String decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String escrowId = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (Ids.ESCROW.isWellFormed(escrowId)) {
                return escrowId;
            }
        } catch (IllegalArgumentException notBase64) {
            // reported below
        }
        throw new RequestValidationException(List.of(new FieldViolation("cursor",
                "must be a next_cursor value from a previous page")));
    }
}
