package io.escrowledger.api.web;

import io.escrowledger.domain.shared.Metadata;
import jakarta.servlet.http.HttpServletRequest;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of a filtered list, read as strictly as a body: a parameter the list does not know is refused
 * (a misspelt filter would otherwise list everything), a single-valued one given twice too, and the bracketed ones
 * ({@code created[gte]}, {@code metadata[order_id]}) are read here. Every problem is reported to the validator.
 */
public final class ListParameters {

    private final HttpServletRequest request;
    private final Validator check;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /**
     * @param known       the parameters the list takes; {@code metadata[]} for any {@code metadata[key]}
     * @param repeatable  those that may be given more than once
     */
    public ListParameters(Validator check, HttpServletRequest request, Set<String> known, Set<String> repeatable) {
        this.request = request;
        this.check = check;
        request.getParameterMap().forEach((name, values) -> {
            if (known.contains("metadata[]") && name.startsWith("metadata[") && name.endsWith("]")) {
                metadataFilter(name, values);
            } else if (!known.contains(name)) {
                check.reject(name, "is not a parameter of this list");
            } else if (values.length > 1 && !repeatable.contains(name)) {
                check.reject(name, "must be given once");
            }
        });
    }

    private void metadataFilter(String name, String[] values) {
        String key = name.substring("metadata[".length(), name.length() - 1);
        if (values.length > 1) {
            check.reject(name, "must be given once");
            return;
        }
        Map<String, String> problems = Metadata.problems(Map.of(key, values[0]));
        if (!problems.isEmpty() || values[0].isEmpty()) {
            check.reject(name, problems.isEmpty() ? "must not be empty" : problems.values().iterator().next());
            return;
        }
        metadata.put(key, values[0]);
    }

    /** The {@code metadata[key]=value} filters: every pair must be in an object's metadata. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** An RFC 3339 date-time parameter, such as {@code created[gte]}; null when absent. */
    public Instant time(String name) {
        return check.time(name, request.getParameter(name), false);
    }

    /** A parameter that names values of an enum, repeated or comma-separated; empty (any) when absent. */
    public <E extends Enum<E>> Set<E> names(String name, Class<E> type) {
        Set<E> names = EnumSet.noneOf(type);
        String[] values = request.getParameterValues(name);
        List<String> given = values == null ? List.of()
                : Arrays.stream(values).flatMap(value -> Arrays.stream(value.split(",", -1))).toList();
        for (String value : given) {
            try {
                names.add(Enum.valueOf(type, value));
            } catch (IllegalArgumentException unknown) {
                check.reject(name, "must be one or more of " + Arrays.toString(type.getEnumConstants())
                                   + ", repeated or comma-separated");
                return names;
            }
        }
        return names;
    }
}
