package io.escrowledger.api.web;

import io.escrowledger.domain.money.Currencies;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.Metadata;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Collects every invalid field of a request, so the caller learns all of them in one 422. Each check returns the
 * value in the form the command needs (or null when it is invalid), so a request is read once.
 */
public final class Validator {

    /**
     * C0 and C1 control characters, and surrogates without their pair: text that is not Unicode, which JSON escapes
     * ("\\ud800") can carry but no store reads back.
     */
    private static final Pattern CONTROL_CHARACTERS = Pattern.compile("[\\p{Cc}\\p{Cs}]");
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** Page sizes of every listing: {@code limit} defaults to this and may be at most the maximum. */
    private static final int DEFAULT_PAGE_SIZE = 50;
    private static final int MAX_PAGE_SIZE = 200;

    private static final Pattern PARTY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private final List<FieldViolation> violations = new ArrayList<>();

    /** A required date-time parameter on its own (an {@code as_of}): the instant, or a 422 that names it. */
    public static Instant requiredTime(String field, String value) {
        Validator check = new Validator();
        Instant at = check.time(field, value, true);
        check.throwIfInvalid();
        return at;
    }

    public void reject(String field, String message) {
        violations.add(new FieldViolation(field, message));
    }

    public boolean present(String field, Object value) {
        if (value == null) {
            reject(field, "is required");
            return false;
        }
        return true;
    }

    /** Required text of {@code min} to {@code max} characters, without control characters or broken surrogates. */
    public String text(String field, String value, int min, int max) {
        String text = required(field, value, given -> given.length() >= min && given.length() <= max,
                min + " to " + max + " characters long");
        return text != null && plainText(field, text) ? text : null;
    }

    /** Text without control characters or unpaired surrogates; reports it and answers false otherwise. */
    public boolean plainText(String field, String value) {
        if (CONTROL_CHARACTERS.matcher(value).find()) {
            reject(field, "must not contain control characters or unpaired surrogates");
            return false;
        }
        return true;
    }

    /** Required text that matches {@code pattern}, described to the caller as {@code shape}. */
    public String matching(String field, String value, Pattern pattern, String shape) {
        return required(field, value, given -> pattern.matcher(given).matches(), shape);
    }

    /**
     * A party's id (a client, a contractor, an agent, a merchant, an approver, an oracle) in the one shape the API
     * accepts for all of them; null stays null when optional.
     */
    public String partyId(String field, String value, boolean required) {
        if (value == null && !required) {
            return null;
        }
        return matching(field, value, PARTY_ID, "1 to 128 characters of letters, digits, '_', '.' or '-'");
    }

    /** An optional id of one {@code kind}: null stays null; one that cannot be such an id is reported. */
    public String id(String field, String value, Ids kind, String shape) {
        if (value != null && !kind.isWellFormed(value)) {
            reject(field, "must be " + shape);
        }
        return value;
    }

    public String currency(String field, String value) {
        return required(field, value, Currencies::isSupported, "an ISO 4217 currency code with minor units, or USDC");
    }

    /** A required positive amount in minor units, no larger than {@link Money#MAX_MINOR_UNITS}. */
    public Long amount(String field, Long value) {
        return required(field, value, given -> given >= 1 && given <= Money.MAX_MINOR_UNITS,
                "a whole number of minor units from 1 to " + Money.MAX_MINOR_UNITS);
    }

    /**
     * The checks of a required value: present ("is required"), then of the right kind ("must be " {@code kind});
     * the value, or null with the field reported.
     */
    private <T> T required(String field, T value, Predicate<T> valid, String kind) {
        if (!present(field, value)) {
            return null;
        }
        if (!valid.test(value)) {
            reject(field, "must be " + kind);
            return null;
        }
        return value;
    }

    /**
     * An RFC 3339 date-time with an offset ({@code 2025-02-01T00:00:00Z}) in the years 1900 to 9999; null stays null
     * when optional.
     */
    public Instant time(String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                reject(field, "is required");
            }
            return null;
        }
        try {
            Instant instant = OffsetDateTime.parse(value).toInstant();
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                reject(field, "must be between the years 1900 and 9999");
                return null;
            }
            return instant;
        } catch (DateTimeParseException e) {
            reject(field, "must be an RFC 3339 date-time with an offset, e.g. 2025-02-01T00:00:00Z");
            return null;
        }
    }

    /** A required absolute URI (with a scheme) of at most {@code max} characters. */
    public String absoluteUri(String field, String value, int max) {
        String text = text(field, value, 1, max);
        if (text == null) {
            return null;
        }
        try {
            if (new URI(text).isAbsolute()) {
                return text;
            }
        } catch (URISyntaxException invalid) {
            // reported below
        }
        reject(field, "must be an absolute URI, e.g. https://github.com/org/repo/pull/42");
        return null;
    }

    /**
     * Metadata as a request gives it (Metadata's rules: keys, values, at most 50 pairs): the pairs, none when absent;
     * each bad pair is reported under {@code field.key}. Whether the merged metadata stays within 50 pairs is the
     * aggregate's rule.
     */
    public Map<String, String> metadata(String field, Map<String, String> given) {
        if (given == null) {
            return Map.of();
        }
        Map<String, String> problems = Metadata.problems(given);
        problems.forEach((key, message) -> reject(key.isEmpty() ? field : field + "." + key, message));
        return problems.isEmpty() ? given : Map.of();
    }

    /** A listing's {@code limit}: the default when absent, refused outside 1 to the maximum. */
    public int pageSize(Integer limit) {
        int size = limit == null ? DEFAULT_PAGE_SIZE : limit;
        if (size < 1 || size > MAX_PAGE_SIZE) {
            reject("limit", "must be from 1 to " + MAX_PAGE_SIZE);
        }
        return size;
    }

    public void throwIfInvalid() {
        if (!violations.isEmpty()) {
            throw new RequestValidationException(violations);
        }
    }
}
