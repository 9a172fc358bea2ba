package io.escrowledger.api.hostile;

import io.escrowledger.api.support.ApiOperations;
import io.escrowledger.api.support.ApiOperations.Operation;
import io.escrowledger.api.support.ApiOperations.Parameter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The hostile corpus (src/test/resources/hostile/corpus.json) turned into requests for one operation of the OpenAPI
 * document. Whole-body cases go to every operation that takes a body; field cases go into each field of a valid body,
 * chosen by the field's kind in the document's schema (a string gets injection strings, an integer huge numbers...);
 * query and path cases go into each parameter. Nothing here knows an endpoint by name, except the valid bodies and
 * the few operation-specific cases the corpus itself lists.
 */
public final class HostileCorpus {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Stands for the hostile value while a body is serialized, then replaced by its exact text or bytes. */
    private static final String MARKER = "\uE000hostile\uE000";
    private static final String QUOTED_MARKER = "\"" + MARKER + "\"";
    private static final int NESTING = 10_000;
    private static final java.util.regex.Pattern BASE64URL = java.util.regex.Pattern.compile("\\{base64url:([^{}]*)}");

    private final JsonNode corpus;
    private final ApiOperations document;
    /** The caller's own id for each path parameter name: requests then reach the body and the rules behind it. */
    private final Map<String, String> realIds;
    /** {escrow_id}, {vault_id}... in the corpus's bodies. */
    private final Map<String, String> placeholders;
    private final Set<Integer> refusals;
    private final Set<String> mayBeAccepted;

    public HostileCorpus(ApiOperations document, Map<String, String> realIds, Map<String, String> placeholders) {
        this.corpus = load();
        this.document = document;
        this.realIds = realIds;
        this.placeholders = placeholders;
        this.refusals = statuses(corpus.get("expected_statuses"));
        this.mayBeAccepted = new HashSet<>();
        corpus.at("/may_be_accepted/categories").forEach(category -> mayBeAccepted.add(category.asString()));
    }

    /** A valid body for the operation (the corpus's, or one made from the schema's examples), or null for none. */
    public byte[] validBody(Operation operation) {
        return operation.body() == null ? null : fill(utf8(write(baseline(operation))));
    }

    /** Whether the corpus has a valid body for this operation (otherwise one is made from the schema's examples). */
    boolean hasBaseline(Operation operation) {
        return operation.body() == null || corpus.at("/operations/" + operation.operationId()).has("baseline");
    }

    /** Path parameters with no id of the caller to fill in: an endpoint added later, reported by the test. */
    List<String> unknownPathParameters(Operation operation) {
        return operation.in("path").stream().map(Parameter::name).filter(name -> !realIds.containsKey(name)).toList();
    }

    List<HostileCase> casesFor(Operation operation) {
        List<HostileCase> cases = new ArrayList<>();
        if (operation.body() != null) {
            JsonNode baseline = baseline(operation);
            cases.addAll(bodyCases(operation, baseline));
            cases.addAll(contentTypeCases(operation, baseline));
            cases.addAll(fieldCases(operation, baseline));
            cases.addAll(operationCases(operation));
        }
        cases.addAll(queryCases(operation));
        cases.addAll(pathCases(operation));
        return cases;
    }

    // ---- whole bodies --------------------------------------------------------------------------------------------

    private List<HostileCase> bodyCases(Operation operation, JsonNode baseline) {
        List<HostileCase> cases = new ArrayList<>();
        String text = write(baseline);
        for (JsonNode given : corpus.get("bodies")) {
            if (given.path("skip_when_body_optional").asBoolean() && !operation.bodyRequired()) {
                continue;
            }
            Set<Integer> statuses = given.has("statuses") ? statuses(given.get("statuses")) : refusals;
            byte[] body;
            if (given.has("text")) {
                body = utf8(given.get("text").asString().replace("{truncated_baseline}",
                        text.substring(0, text.length() - 1)).replace("{baseline}", text));
            } else if (given.has("utf8_hex")) {
                byte[] bytes = HexFormat.of().parseHex(given.get("utf8_hex").asString());
                body = given.path("whole_body").asBoolean() ? bytes : intoFirstString(baseline, bytes);
            } else {
                body = generated(given.get("generate").asString(), baseline);
                if (body == null) {
                    continue;
                }
            }
            HostileCase hostileCase = bodyCase(operation, given.get("category").asString(),
                    given.get("name").asString(), body, json(), statuses, false, List.of(), null);
            cases.add(given.path("raw").asBoolean() ? hostileCase.overSocket() : hostileCase);
        }
        return cases;
    }

    private byte[] generated(String generator, JsonNode baseline) {
        String text = write(baseline);
        return switch (generator) {
            case "nested_arrays" -> utf8("[".repeat(NESTING) + "]".repeat(NESTING));
            case "nested_objects" -> utf8("{\"a\":".repeat(NESTING) + "1" + "}".repeat(NESTING));
            case "nested_in_first_field" -> utf8(with(baseline, firstField(baseline),
                    "[".repeat(NESTING) + "]".repeat(NESTING)));
            case "utf16_baseline" -> text.getBytes(StandardCharsets.UTF_16LE);
            case "utf32_baseline" -> text.getBytes(Charset.forName("UTF-32BE"));
            case "byte_order_mark_baseline" -> utf8("\uFEFF" + text);
            case "duplicate_first_key" -> utf8(duplicateFirstKey(text));
            case "duplicate_nested_key" -> {
                List<Object> nested = firstPath(baseline, JsonNode::isObject);
                yield nested == null ? null : utf8(with(baseline, nested, duplicateFirstKey(write(at(baseline, nested)))));
            }
            default -> {
                if (!generator.startsWith("padded_")) {
                    throw new IllegalArgumentException("No generator " + generator);
                }
                // {"<first field>": "xxx..."}, exactly this many bytes: over the limit, whatever the field.
                int size = Integer.parseInt(generator.substring("padded_".length()));
                String prefix = "{\"" + firstField(baseline).get(0) + "\":\"";
                yield utf8(prefix + "x".repeat(size - prefix.length() - 2) + "\"}");
            }
        };
    }

    private static String duplicateFirstKey(String objectText) {
        if (objectText.equals("{}")) {
            return "{\"a\":1,\"a\":1}";
        }
        JsonNode object = JSON.readTree(objectText);
        String first = object.propertyNames().iterator().next();
        return "{" + write(NODES.stringNode(first)) + ":" + write(object.get(first)) + "," + objectText.substring(1);
    }

    private List<HostileCase> contentTypeCases(Operation operation, JsonNode baseline) {
        List<HostileCase> cases = new ArrayList<>();
        Set<Integer> sectionStatuses = statuses(corpus.at("/content_types/statuses"));
        for (JsonNode given : corpus.at("/content_types/values")) {
            Map<String, String> headers = given.get("content_type").isNull() ? Map.of()
                    : Map.of("Content-Type", given.get("content_type").asString());
            Set<Integer> statuses = given.has("statuses") ? statuses(given.get("statuses")) : sectionStatuses;
            cases.add(bodyCase(operation, "wrong_content_type", given.get("name").asString(),
                    utf8(write(baseline)), headers, statuses, false, List.of(), null));
        }
        return cases;
    }

    // ---- fields of a valid body ----------------------------------------------------------------------------------

    /** A field the schema declares: where it is, what kind of value it takes, whether it is required. */
    private record Field(List<Object> path, String kind, JsonNode schema, boolean required, boolean typedObject) {
    }

    private List<HostileCase> fieldCases(Operation operation, JsonNode baseline) {
        List<HostileCase> cases = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        collectFields(operation.body(), new ArrayList<>(), fields);
        cases.add(bodyCase(operation, "extra_fields", "top_level", utf8(with(baseline,
                List.of("hostile_extra_field"), "1")), json(), refusals, false, List.of(), null));
        for (Field field : fields) {
            String where = pathText(field.path());
            if (field.required() && present(baseline, parent(field.path()))) {
                cases.add(bodyCase(operation, "missing_fields", where, utf8(without(baseline, field.path())),
                        json(), refusals, false, field.path(), null));
            }
            if (field.typedObject()) {
                List<Object> extraField = new ArrayList<>(field.path());
                extraField.add("hostile_extra_field");
                cases.add(bodyCase(operation, "extra_fields", where, utf8(with(baseline, extraField, "1")), json(),
                        refusals, false, field.path(), null));
            }
            corpus.get("fields").properties().forEach(category -> {
                JsonNode values = category.getValue().get(valueKind(category.getValue(), field.kind()));
                if (values == null) {
                    return;
                }
                boolean acceptable = field.kind().equals("string") && mayBeAccepted.contains(category.getKey());
                for (Value value : values(values, field.schema())) {
                    cases.add(bodyCase(operation, category.getKey(), where + " = " + value.label(),
                            utf8(with(baseline, field.path(), value.json())), json(), refusals, acceptable,
                            field.path(), value.text()));
                }
            });
        }
        return cases;
    }

    /** Which of a category's value lists fits a field kind: enums and dates also get every string case. */
    private static String valueKind(JsonNode category, String kind) {
        if (category.has(kind)) {
            return kind;
        }
        return Set.of("enum", "date_time").contains(kind) ? "string" : kind;
    }

    private void collectFields(JsonNode schema, List<Object> path, List<Field> fields) {
        JsonNode resolved = document.resolve(schema);
        Set<String> required = new HashSet<>();
        resolved.path("required").forEach(name -> required.add(name.asString()));
        resolved.path("properties").properties().forEach(property -> {
            List<Object> at = new ArrayList<>(path);
            at.add(property.getKey());
            JsonNode propertySchema = document.resolve(property.getValue());
            String kind = kind(propertySchema);
            boolean typedObject = kind.equals("object") && propertySchema.has("properties");
            fields.add(new Field(at, kind, propertySchema, required.contains(property.getKey()), typedObject));
            if (typedObject) {
                collectFields(propertySchema, at, fields);
            }
            if (kind.equals("array")) {
                List<Object> item = new ArrayList<>(at);
                item.add(0);
                JsonNode items = document.resolve(propertySchema.path("items"));
                if (items.has("properties")) {
                    fields.add(new Field(item, "object", items, false, true));
                    collectFields(items, item, fields);
                } else {
                    fields.add(new Field(item, kind(items), items, false, false));
                }
            }
        });
    }

    private static String kind(JsonNode schema) {
        if (schema.has("enum")) {
            return "enum";
        }
        String type = schema.path("type").asString("object");
        if (type.equals("string") && "date-time".equals(schema.path("format").asString(null))) {
            return "date_time";
        }
        return type;
    }

    /** A value to put into a field: its JSON text as sent, and the string the service should read (if a string). */
    private record Value(String json, String text, String label) {
    }

    private static List<Value> values(JsonNode values, JsonNode schema) {
        List<Value> all = new ArrayList<>();
        Set<String> allowed = new HashSet<>();
        schema.path("enum").forEach(name -> allowed.add(name.asString()));
        String first = schema.has("enum") ? schema.get("enum").get(0).asString() : "";
        values.path("strings").forEach(string -> {
            String text = string.asString().replace("{first_lower}", first.toLowerCase(Locale.ROOT))
                                .replace("{first_upper}", first.toUpperCase(Locale.ROOT)).replace("{first}", first);
            // A variant of an enum value may be another value (lower case is the wire name of some enums).
            if (!allowed.contains(text)) {
                all.add(new Value(write(NODES.stringNode(text)), text, write(NODES.stringNode(text))));
            }
        });
        values.path("json").forEach(json -> all.add(new Value(json.asString(), null, json.asString())));
        values.path("lengths").forEach(length -> {
            String text = values.get("repeat").asString().repeat(length.asInt());
            all.add(new Value(write(NODES.stringNode(text)), text, length.asInt() + " characters"));
        });
        return all;
    }

    private List<HostileCase> operationCases(Operation operation) {
        List<HostileCase> cases = new ArrayList<>();
        for (JsonNode given : corpus.at("/operations/" + operation.operationId() + "/cases")) {
            cases.add(bodyCase(operation, given.get("category").asString(), given.get("name").asString(),
                    utf8(given.get("json").asString()), json(), refusals, false, List.of(), null));
        }
        return cases;
    }

    private HostileCase bodyCase(Operation operation, String category, String name, byte[] body,
                                 Map<String, String> headers, Set<Integer> statuses, boolean mayBeAccepted,
                                 List<Object> field, String value) {
        return new HostileCase(operation.operationId(), category, name, operation.method(), realPath(operation),
                fill(body), headers, statuses, mayBeAccepted, false, field, value);
    }

    // ---- query parameters ----------------------------------------------------------------------------------------

    private List<HostileCase> queryCases(Operation operation) {
        List<HostileCase> cases = new ArrayList<>();
        String path = realPath(operation);
        byte[] body = validBody(operation);
        Map<String, String> headers = operation.body() == null ? Map.of() : json();
        JsonNode query = corpus.get("query");
        for (Parameter parameter : operation.in("query")) {
            String kind = kind(parameter.schema());
            boolean free = kind.equals("string");
            for (Value value : query.has(kind) ? values(query.get(kind), parameter.schema()) : List.<Value>of()) {
                String target = path + "?" + parameter.name() + "=" + encode(value.text());
                cases.add(new HostileCase(operation.operationId(), "query_" + kind, parameter.name() + " = "
                        + value.label(), operation.method(), target, body, headers, refusals, free, false,
                        List.of(), value.text()));
            }
            for (JsonNode raw : query.at("/raw/values")) {
                cases.add(new HostileCase(operation.operationId(), "query_raw", parameter.name() + " = "
                        + raw.asString(), operation.method(), path + "?" + parameter.name() + "=" + raw.asString(),
                        body, headers, refusals, free, true, List.of(), null));
            }
            cases.add(new HostileCase(operation.operationId(), "query_repeated", parameter.name(),
                    operation.method(), path + "?" + parameter.name() + "=1&" + parameter.name() + "=2", body,
                    headers, refusals, free, false, List.of(), null));
            for (JsonNode named : query.path("named").path(parameter.name()).path("strings")) {
                String value = filledText(named.asString());
                cases.add(new HostileCase(operation.operationId(), "query_named", parameter.name() + " = "
                        + write(NODES.stringNode(value)), operation.method(), path + "?" + parameter.name() + "="
                        + encode(value), body, headers, refusals, false, false, List.of(), value));
            }
        }
        return cases;
    }

    /** A value with the caller's ids filled in, then each {base64url:text} replaced by that text, base64url-encoded. */
    private String filledText(String value) {
        String filled = new String(fill(utf8(value)), StandardCharsets.UTF_8);
        java.util.regex.Matcher encode = BASE64URL.matcher(filled);
        return encode.replaceAll(found -> java.util.regex.Matcher.quoteReplacement(Base64.getUrlEncoder()
                .withoutPadding().encodeToString(utf8(found.group(1)))));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---- path ids ------------------------------------------------------------------------------------------------

    private List<HostileCase> pathCases(Operation operation) {
        List<HostileCase> cases = new ArrayList<>();
        byte[] body = validBody(operation);
        Map<String, String> headers = operation.body() == null ? Map.of() : json();
        JsonNode ids = corpus.get("path_ids");
        Set<String> freeForm = new HashSet<>();
        ids.get("free_form_path_parameters").forEach(name -> freeForm.add(name.asString()));
        for (Parameter parameter : operation.in("path")) {
            String real = realIds.getOrDefault(parameter.name(), "x");
            String prefix = real.contains("_") ? real.substring(0, real.indexOf('_') + 1) : "";
            for (JsonNode given : ids.get("values")) {
                String id = given.get("id").asString().replace("{real_upper}", real.toUpperCase(Locale.ROOT))
                                 .replace("{real}", real).replace("{prefix}", prefix)
                                 .replace("{x5000}", "x".repeat(5000)).replace("{x9000}", "x".repeat(9000));
                Set<Integer> statuses = statuses(given.has("statuses") ? given.get("statuses") : ids.get("statuses"));
                boolean acceptable = freeForm.contains(parameter.name()) && operation.method().equals("GET");
                cases.add(new HostileCase(operation.operationId(), "path_ids", parameter.name() + " = "
                        + given.get("name").asString(), operation.method(),
                        withRealIds(operation.path().replace("{" + parameter.name() + "}", id)), body, headers,
                        statuses, acceptable, given.path("raw").asBoolean(), List.of(), null));
            }
        }
        return cases;
    }

    // ---- bodies and paths ----------------------------------------------------------------------------------------

    private String realPath(Operation operation) {
        return withRealIds(operation.path());
    }

    private String withRealIds(String template) {
        String path = template;
        for (Map.Entry<String, String> id : realIds.entrySet()) {
            path = path.replace("{" + id.getKey() + "}", id.getValue());
        }
        return path.replaceAll("\\{\\w+}", "x");
    }

    private JsonNode baseline(Operation operation) {
        JsonNode given = corpus.at("/operations/" + operation.operationId() + "/baseline");
        return given.isMissingNode() ? document.exampleOf(operation.body()) : given;
    }

    /** The corpus's placeholders in a body: the caller's ids, and a fresh {unique} per request. */
    private byte[] fill(byte[] body) {
        if (body == null) {
            return null;
        }
        byte[] filled = replace(body, "{unique}", UUID.randomUUID().toString());
        for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
            filled = replace(filled, "{" + placeholder.getKey() + "}", placeholder.getValue());
        }
        return filled;
    }

    /** The body with the value at {@code path} replaced by exactly this JSON text. */
    private static String with(JsonNode body, List<Object> path, String json) {
        JsonNode copy = body.deepCopy();
        JsonNode container = containerOf(copy, path);
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer index) {
            ArrayNode array = (ArrayNode) container;
            while (array.size() <= index) {
                array.add(NODES.objectNode());
            }
            array.set(index, NODES.stringNode(MARKER));
        } else {
            ((ObjectNode) container).put((String) last, MARKER);
        }
        return write(copy).replace(QUOTED_MARKER, json);
    }

    private static String without(JsonNode body, List<Object> path) {
        JsonNode copy = body.deepCopy();
        ((ObjectNode) containerOf(copy, path)).remove((String) path.get(path.size() - 1));
        return write(copy);
    }

    /** The object or array that holds the last step of {@code path}, made (empty) where the body has none yet. */
    private static JsonNode containerOf(JsonNode root, List<Object> path) {
        JsonNode node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object step = path.get(i);
            boolean nextIsIndex = path.get(i + 1) instanceof Integer;
            if (step instanceof Integer index) {
                ArrayNode array = (ArrayNode) node;
                while (array.size() <= index) {
                    array.add(nextIsIndex ? NODES.arrayNode() : NODES.objectNode());
                }
                node = array.get(index);
            } else {
                ObjectNode object = (ObjectNode) node;
                if (!object.has((String) step) || !object.get((String) step).isContainer()) {
                    object.set((String) step, nextIsIndex ? NODES.arrayNode() : NODES.objectNode());
                }
                node = object.get((String) step);
            }
        }
        return node;
    }

    private static boolean present(JsonNode body, List<Object> path) {
        return at(body, path) != null;
    }

    private static JsonNode at(JsonNode body, List<Object> path) {
        JsonNode node = body;
        for (Object step : path) {
            node = step instanceof Integer index ? node.get(index) : node.get((String) step);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static List<Object> parent(List<Object> path) {
        return path.subList(0, path.size() - 1);
    }

    /** The first top-level field of the body (or a made-up one when it has none). */
    private static List<Object> firstField(JsonNode body) {
        return body.isObject() && !body.isEmpty() ? List.of(body.propertyNames().iterator().next()) : List.of("a");
    }

    /** The path of the first value (depth first) that passes the test, or null. */
    private static List<Object> firstPath(JsonNode body, java.util.function.Predicate<JsonNode> test) {
        if (body.isObject()) {
            for (Map.Entry<String, JsonNode> property : body.properties()) {
                if (test.test(property.getValue())) {
                    return List.of(property.getKey());
                }
                List<Object> inner = firstPath(property.getValue(), test);
                if (inner != null) {
                    List<Object> path = new ArrayList<>(List.of(property.getKey()));
                    path.addAll(inner);
                    return path;
                }
            }
        }
        if (body.isArray()) {
            for (int i = 0; i < body.size(); i++) {
                List<Object> inner = test.test(body.get(i)) ? List.of() : firstPath(body.get(i), test);
                if (inner != null) {
                    List<Object> path = new ArrayList<>(List.of(i));
                    path.addAll(inner);
                    return path;
                }
            }
        }
        return null;
    }

    /** The body with these raw bytes inside its first string value (or as a key, when it has no string). */
    private static byte[] intoFirstString(JsonNode body, byte[] bytes) {
        List<Object> path = firstPath(body, JsonNode::isString);
        byte[] text = path == null ? utf8("{\"" + MARKER + "\":1}") : utf8(with(body, path, QUOTED_MARKER));
        return replace(text, MARKER, bytes);
    }

    private static String pathText(List<Object> path) {
        StringBuilder text = new StringBuilder();
        for (Object step : path) {
            text.append(step instanceof Integer index ? "[" + index + "]" : (text.isEmpty() ? "" : ".") + step);
        }
        return text.toString();
    }

    private static byte[] replace(byte[] body, String placeholder, String value) {
        return replace(body, placeholder, utf8(value));
    }

    private static byte[] replace(byte[] body, String placeholder, byte[] value) {
        byte[] target = utf8(placeholder);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int i = 0;
        while (i < body.length) {
            if (startsWith(body, i, target)) {
                out.writeBytes(value);
                i += target.length;
            } else {
                out.write(body[i++]);
            }
        }
        return out.toByteArray();
    }

    private static boolean startsWith(byte[] body, int at, byte[] prefix) {
        if (at + prefix.length > body.length) {
            return false;
        }
        for (int j = 0; j < prefix.length; j++) {
            if (body[at + j] != prefix[j]) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> json() {
        return Map.of("Content-Type", "application/json");
    }

    private static Set<Integer> statuses(JsonNode list) {
        Set<Integer> statuses = new HashSet<>();
        list.forEach(status -> statuses.add(status.asInt()));
        return statuses;
    }

    private static String write(JsonNode node) {
        return JSON.writeValueAsString(node);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode load() {
        try (InputStream in = HostileCorpus.class.getResourceAsStream("/hostile/corpus.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
