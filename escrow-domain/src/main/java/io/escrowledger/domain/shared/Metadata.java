package io.escrowledger.domain.shared;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The rules of metadata, the integrator's own string key/value pairs on an escrow, a milestone, a dispute or a vault
 * (as Stripe has them): keys of 1 to 40 letters, digits, '_', '.' or '-'; values strings of at most 500 characters; at
 * most 50 pairs on one object. Changes merge into what is there, key by key; an empty value removes its key. Metadata
 * is held sorted by key, so its stored and served forms do not depend on the order a request gave it in.
 */
public final class Metadata {

    public static final int MAX_PAIRS = 50;
    public static final int MAX_KEY_LENGTH = 40;
    public static final int MAX_VALUE_LENGTH = 500;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_KEY_LENGTH + "}");
    /** Control characters and unpaired surrogates: text no store reads back as it was given. */
    private static final Pattern CONTROL_CHARACTERS = Pattern.compile("[\\p{Cc}\\p{Cs}]");

    private Metadata() {
    }

    /** An event's or aggregate's metadata: sorted and unmodifiable; null (an event stored before metadata) is none. */
    public static SortedMap<String, String> of(Map<String, String> pairs) {
        return Collections.unmodifiableSortedMap(pairs == null ? new TreeMap<>() : new TreeMap<>(pairs));
    }

    /** Per-object metadata (each milestone's, by id) in the same form; null is none. */
    public static SortedMap<String, SortedMap<String, String>> ofEach(Map<String, ? extends Map<String, String>> each) {
        TreeMap<String, SortedMap<String, String>> copy = new TreeMap<>();
        if (each != null) {
            each.forEach((id, pairs) -> copy.put(id, of(pairs)));
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    /**
     * What is wrong with a set of changes, by key ("" for the set as a whole); empty when they are well-formed. A value
     * that is not a string (a number, null, an object in a request) is wrong too.
     */
    public static Map<String, String> problems(Map<String, ?> changes) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (changes.size() > MAX_PAIRS) {
            problems.put("", "must have at most " + MAX_PAIRS + " keys");
        }
        changes.forEach((key, value) -> {
            if (!KEY.matcher(key).matches()) {
                problems.put(key, "keys must be 1 to " + MAX_KEY_LENGTH + " letters, digits, '_', '.' or '-'");
            } else if (!(value instanceof String text)) {
                problems.put(key, "must be a string (an empty string removes the key)");
            } else if (text.length() > MAX_VALUE_LENGTH) {
                problems.put(key, "must be at most " + MAX_VALUE_LENGTH + " characters long");
            } else if (CONTROL_CHARACTERS.matcher(text).find()) {
                problems.put(key, "must not contain control characters or unpaired surrogates");
            }
        });
        return problems;
    }

    /** An object's metadata when it is made: {@code given} checked as changes to none (an empty value is no pair). */
    public static SortedMap<String, String> initial(String field, Map<String, String> given) {
        return merged(field, Map.of(), given);
    }

    /**
     * The metadata after the changes: each key set to its value, or removed by an empty one.
     *
     * @param field names the object's metadata in a refusal, e.g. {@code metadata} or {@code milestones.ms_1}
     * @throws DomainException validation_failed (naming the field) for malformed changes or more than 50 pairs after
     */
    public static SortedMap<String, String> merged(String field, Map<String, String> current,
                                                   Map<String, String> changes) {
        Map<String, String> problems = problems(changes);
        if (!problems.isEmpty()) {
            Map.Entry<String, String> first = problems.entrySet().iterator().next();
            String where = first.getKey().isEmpty() ? field : field + "." + first.getKey();
            throw new DomainException(ErrorCode.VALIDATION_FAILED, where + " " + first.getValue(),
                    Map.of("field", where));
        }
        TreeMap<String, String> merged = new TreeMap<>(current);
        changes.forEach((key, value) -> {
            if (value.isEmpty()) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        if (merged.size() > MAX_PAIRS) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, field + " would have " + merged.size()
                    + " keys: at most " + MAX_PAIRS + " are allowed (an empty value removes a key)",
                    Map.of("field", field));
        }
        return Collections.unmodifiableSortedMap(merged);
    }
}
