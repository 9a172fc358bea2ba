package io.escrowledger.projections.support;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Metadata as the read models store it: a JSONB object of strings; '{}' for none. */
public final class MetadataJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, String>> PAIRS = new TypeReference<>() {
    };

    private MetadataJson() {
    }

    public static String write(Map<String, String> metadata) {
        return JSON.writeValueAsString(metadata == null ? Map.of() : new TreeMap<>(metadata));
    }

    /** The value of a {@code metadata @> CAST(:metadata AS jsonb)} list filter; null (no filter) when no pair is asked. */
    public static String filter(Map<String, String> pairs) {
        return pairs.isEmpty() ? null : write(pairs);
    }

    /** The pairs of a stored column, sorted by key; none for null. */
    public static SortedMap<String, String> read(String json) {
        return json == null ? new TreeMap<>() : JSON.readValue(json, PAIRS);
    }
}
