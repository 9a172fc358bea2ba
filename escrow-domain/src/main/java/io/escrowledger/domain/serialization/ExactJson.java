package io.escrowledger.domain.serialization;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One JSON value kept exactly as it was given: numbers keep their text ({@code 1.10}, {@code 1e2}; never a double),
 * objects the order of their keys. It is written as the JSON value itself, not as a string holding JSON, so a stored
 * string reads as an {@code ExactJson} string and the stored form of what held only strings before is unchanged.
 *
 * @param json the value's compact JSON text
 */
@JsonSerialize(using = ExactJson.Writer.class)
@JsonDeserialize(using = ExactJson.Reader.class)
public record ExactJson(String json) {

    private static final JsonFactory FACTORY = new JsonFactory();
    /** Reads values for inspection; decimals as BigDecimal, so nothing is rounded on the way. */
    private static final JsonMapper INSPECTOR = JsonMapper.builder()
                                                          .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                                                          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                                                          .build();

    public ExactJson {
        Objects.requireNonNull(json, "json");
    }

    /** A JSON string. */
    public static ExactJson string(String text) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            generator.writeString(text);
        }
        return new ExactJson(out.toString());
    }

    /** The value at the parser's current token (and everything inside it), copied token by token. */
    public static ExactJson read(JsonParser parser) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            int depth = 0;
            do {
                JsonToken token = parser.currentToken();
                if (token.isNumeric()) {
                    generator.writeNumber(parser.getString());
                } else {
                    generator.copyCurrentEvent(parser);
                }
                depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
            } while (depth > 0 && parser.nextToken() != null);
        }
        return new ExactJson(out.toString());
    }

    public boolean isObject() {
        return json.startsWith("{");
    }

    /** An object's members in their order, each exactly as given. */
    public Map<String, ExactJson> properties() {
        if (!isObject()) {
            throw new IllegalStateException("Not a JSON object: " + json);
        }
        Map<String, ExactJson> properties = new LinkedHashMap<>();
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                properties.put(name, read(parser));
            }
        }
        return properties;
    }

    /** The value as a tree, to look at; it is never written back, which would lose the number's text. */
    public JsonNode node() {
        return INSPECTOR.readTree(json);
    }

    static final class Writer extends ValueSerializer<ExactJson> {
        @Override
        public void serialize(ExactJson value, JsonGenerator generator, SerializationContext context) {
            generator.writeRawValue(value.json());
        }
    }

    static final class Reader extends ValueDeserializer<ExactJson> {
        @Override
        public ExactJson deserialize(JsonParser parser, DeserializationContext context) {
            return read(parser);
        }

        /** A JSON {@code null} is a value too: {@code {"note": null}} keeps its null. */
        @Override
        public ExactJson getNullValue(DeserializationContext context) {
            return new ExactJson("null");
        }
    }
}
