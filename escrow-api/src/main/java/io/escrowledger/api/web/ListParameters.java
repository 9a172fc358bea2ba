package io.escrowledger.api.web;

import io.escrowledger.domain.shared.Metadata;
import jakarta.servlet.http.HttpServletRequest;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of a filtered list, read as strictly as a body: a parameter the list does not know is refused
 * (a misspelt filter would otherwise list everything), and the bracketed ones ({@code created[gte]},
 * {@code metadata[order_id]}) are read here. Every problem is reported to the validator. (A parameter given twice
 * never gets here: PathGuardFilter refuses it.)
 */
public final class ListParameters {

    private final HttpServletRequest request;
    private final Validator check;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** @param known the parameters the list takes; {@code metadata[]} for any {@code metadata[key]} */
    public ListParameters(Validator check, HttpServletRequest request, Set<String> known) {
        this.request = request;
        this.check = check;
        request.getParameterMap().forEach((name, values) -> {
            if (known.contains("metadata[]") && name.startsWith("metadata[") && name.endsWith("]")) {
                metadataFilter(name, values[0]);
            } else if (!known.contains(name)) {
                check.reject(name, "is not a parameter of this list");
            }
        });
    }

    private void metadataFilter(String name, String value) {
        String key = name.substring("metadata[".length(), name.length() - 1);
        Map<String, String> problems = Metadata.problems(Map.of(key, value));
        if (!problems.isEmpty() || value.isEmpty()) {
            check.reject(name, problems.isEmpty() ? "must not be empty" : problems.values().iterator().next());
            return;
        }
        metadata.put(key, value);
    }

    /** The {@code metadata[key]=value} filters: every pair must be in an object's metadata. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** An RFC 3339 date-time parameter, such as {@code created[gte]}; null when absent. */
    public Instant time(String name) {
        return check.time(name, request.getParameter(name), false);
    }

    /**
     * A parameter that names values of an enum, comma-separated; empty (any) when absent. A name that is not one of the
     * enum's exact names is {@code 400 malformed_request}, as an unknown enum value is everywhere.
     */
    public <E extends Enum<E>> Set<E> names(String name, Class<E> type) {
        Set<E> names = EnumSet.noneOf(type);
        String given = request.getParameter(name);
        for (String value : given == null ? new String[0] : given.split(",", -1)) {
            try {
                names.add(Enum.valueOf(type, value));
            } catch (IllegalArgumentException unknown) {
                throw new ApiException(ApiError.MALFORMED_REQUEST, name + " must be one or more of "
                        + Arrays.toString(type.getEnumConstants()) + ", comma-separated");
            }
        }
        return names;
    }
}
