package io.escrowledger.api.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The operations of a served OpenAPI document, read the way a client generator would: method, path template,
 * parameters and request body schema, with {@code $ref}s followed. Tests that must cover every endpoint iterate these,
 * so an endpoint added later is covered without touching them.
 */
public final class ApiOperations {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private final JsonNode document;

    public ApiOperations(String documentJson) {
        this.document = JSON.readTree(documentJson);
    }

    /** A parameter of an operation; {@code in} is path, query or header. */
    public record Parameter(String name, String in, JsonNode schema, boolean required) {
    }

    /** One operation; {@code body} is its request body's schema (resolved), or null when it takes none. */
    public record Operation(String method, String path, String operationId, List<Parameter> parameters, JsonNode body,
                            boolean bodyRequired) {

        public List<Parameter> in(String location) {
            return parameters.stream().filter(parameter -> parameter.in().equals(location)).toList();
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + operationId + ")";
        }
    }

    /** Every operation whose path the filter accepts, in the document's order. */
    public List<Operation> operations(Predicate<String> paths) {
        List<Operation> operations = new ArrayList<>();
        document.get("paths").properties().forEach(path -> {
            if (!paths.test(path.getKey())) {
                return;
            }
            path.getValue().properties().forEach(method -> {
                if (METHODS.contains(method.getKey())) {
                    operations.add(operation(path.getKey(), method.getKey(), method.getValue()));
                }
            });
        });
        return operations;
    }

    private Operation operation(String path, String method, JsonNode operation) {
        List<Parameter> parameters = new ArrayList<>();
        operation.path("parameters").forEach(given -> {
            JsonNode parameter = resolve(given);
            parameters.add(new Parameter(parameter.get("name").asString(), parameter.get("in").asString(),
                    resolve(parameter.path("schema")), parameter.path("required").asBoolean(false)));
        });
        JsonNode requestBody = operation.has("requestBody") ? resolve(operation.get("requestBody")) : null;
        JsonNode body = requestBody == null ? null
                : resolve(requestBody.at("/content/application~1json/schema"));
        return new Operation(method.toUpperCase(java.util.Locale.ROOT), path, operation.get("operationId").asString(),
                parameters, body, requestBody != null && requestBody.path("required").asBoolean(false));
    }

    /** The node a {@code $ref} points to (within the document), or the node itself. */
    public JsonNode resolve(JsonNode node) {
        JsonNode resolved = node;
        while (resolved.has("$ref")) {
            resolved = document.at(resolved.get("$ref").asString().substring(1));
        }
        return resolved;
    }

    /**
     * A body built from the schema's examples: every required property (an array gets one item), for operations that
     * have no hand-written valid body. It may not pass the service's rules, but it has the right shape.
     */
    public JsonNode exampleOf(JsonNode schema) {
        JsonNode resolved = resolve(schema);
        if (resolved.has("example")) {
            return resolved.get("example");
        }
        String type = resolved.path("type").asString("object");
        return switch (type) {
            case "object" -> {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                resolved.path("required").forEach(name -> object.set(name.asString(),
                        exampleOf(resolved.at("/properties/" + name.asString()))));
                yield object;
            }
            case "array" -> {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                array.add(exampleOf(resolved.path("items")));
                yield array;
            }
            case "integer", "number" -> JsonNodeFactory.instance.numberNode(1);
            case "boolean" -> JsonNodeFactory.instance.booleanNode(true);
            default -> resolved.has("enum") ? resolved.get("enum").get(0) : JsonNodeFactory.instance.stringNode("x");
        };
    }
}
