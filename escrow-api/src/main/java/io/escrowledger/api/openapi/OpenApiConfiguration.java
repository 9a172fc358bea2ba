package io.escrowledger.api.openapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.escrowledger.api.security.DashboardTokenFilter;
import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.IntegratorRoutes;
import io.escrowledger.api.web.RequestContext;
import io.escrowledger.api.web.RequestIdFilter;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The OpenAPI document served at /v3/api-docs (and browsable at /docs). Springdoc reads the operations and schemas
 * from the controllers; this adds what no controller says: snake_case names, the signing headers as security schemes,
 * the problem document every error answers with, the idempotency header and the webhook contract.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";
    static final List<String> SIGNING_SCHEMES = List.of("ApiKey", "Timestamp", "Nonce", "Signature");
    static final String ADMIN_SCHEME = "AdminToken";
    static final String ANALYST_SCHEME = "AnalystToken";
    /** The reference reads in the order an integrator meets things. */
    static final List<String> TAG_ORDER = List.of("Escrows", "Disputes", "Vaults", "Ledger", "Webhooks",
            "Test clocks", "Audit", "Analytics", "Subcent compatibility", "Dashboard", "Admin");

    static {
        // A controller's RequestContext argument is the verified caller, not something the request sends.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(RequestContext.class);
    }

    /** Schemas follow the wire: Jackson writes every record component in snake_case. */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }

    @Bean
    OpenAPI escrowLedgerApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Escrow ledger API")
                        .version("v1")
                        .description("""
                                An event-sourced escrow ledger: it records, decides and tells; it does not move money.

                                * Amounts are integers in minor units of the escrow's currency; times are RFC 3339 UTC.
                                * Every `/v1` and `/subcent` request is signed with HMAC-SHA256 (the four `X-` headers \
                                of the security schemes below; docs/authentication.md gives the canonical string).
                                * Every `POST` may carry an `Idempotency-Key`.
                                * Every error is an RFC 9457 problem document with a stable `code`; its `type` links \
                                to [the list of codes](/docs/errors).
                                * Webhook bodies are the `WebhookEvent` schema, signed as Standard Webhooks \
                                (docs/webhooks.md).
                                """))
                .servers(List.of(new Server().url("/").description("This service")))
                .components(new Components()
                        .securitySchemes(securitySchemes())
                        .addParameters("IdempotencyKey", idempotencyKey())
                        .addHeaders("X-Request-Id", new Header()
                                .description("The request's id, also in its problem document and in the metadata "
                                             + "of every event it causes")
                                .schema(new StringSchema())));
    }

    /** Adds to every operation what its route implies: who may call it, how it fails, and its idempotency header. */
    @Bean
    OpenApiCustomizer routeConventions() {
        return openApi -> {
            requireAnsweredFields(openApi);
            // Schemas are added here: springdoc replaces the schemas of the OpenAPI bean with the ones it computes.
            openApi.getComponents().addSchemas("ErrorCode", errorCodes())
                   .addSchemas("FieldViolation", fieldViolation())
                   .addSchemas(PROBLEM, problem());
            WebhookSchemas.addTo(openApi.getComponents());
            openApi.addExtension("x-webhooks", WebhookSchemas.webhooks());
            closeRequestSchemas(openApi);
            if (openApi.getTags() != null) {
                openApi.getTags().sort(Comparator.comparingInt(tag -> TAG_ORDER.indexOf(tag.getName())));
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                if (IntegratorRoutes.covers(path)) {
                    operation.addSecurityItem(signed());
                    if (method == PathItem.HttpMethod.POST) {
                        operation.addParametersItem(new Parameter().$ref("#/components/parameters/IdempotencyKey"));
                    }
                } else if (path.startsWith("/admin/")) {
                    operation.addSecurityItem(new SecurityRequirement().addList(ADMIN_SCHEME));
                } else if (path.startsWith(DashboardTokenFilter.PATH + "/")) {
                    // Either token: two alternative requirements.
                    operation.addSecurityItem(new SecurityRequirement().addList(ANALYST_SCHEME))
                             .addSecurityItem(new SecurityRequirement().addList(ADMIN_SCHEME));
                }
                describePathIds(operation);
                addProblemResponses(operation);
                operation.getResponses().values().forEach(response -> response.addHeaderObject(
                        RequestIdFilter.HEADER, new Header().$ref("#/components/headers/X-Request-Id")));
            }));
        };
    }

    /**
     * The service refuses a field it does not know (400 malformed_request), so the schemas of request bodies say
     * {@code additionalProperties: false}: a validator or a client generated from the document then knows it too.
     * Free-form objects inside them (a release condition's details) are inline schemas and stay open.
     */
    private static void closeRequestSchemas(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        Set<String> requests = new TreeSet<>();
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                operation.getRequestBody().getContent().values()
                         .forEach(media -> collectReferenced(media.getSchema(), schemas, requests));
            }
        }));
        requests.stream().map(schemas::get)
                .filter(schema -> schema.getProperties() != null && schema.getAdditionalProperties() == null)
                .forEach(schema -> schema.setAdditionalProperties(false));
    }

    /**
     * An answer always carries every field of its schema, null where the schema says it may be: every property of a
     * schema an answer reaches is required unless nullable (or a reference to a nullable schema), so the response
     * records say only what may be null. Request schemas say what is required field by field.
     */
    private static void requireAnsweredFields(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        Set<String> answers = new TreeSet<>();
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation ->
                operation.getResponses().values().stream().filter(response -> response.getContent() != null)
                         .forEach(response -> response.getContent().values()
                                 .forEach(media -> collectReferenced(media.getSchema(), schemas, answers)))));
        answers.stream().map(schemas::get).filter(schema -> schema.getProperties() != null).forEach(schema -> {
            List<String> required = ((Map<String, Schema>) schema.getProperties()).entrySet().stream()
                    .filter(property -> !nullable(property.getValue(), schemas)).map(Map.Entry::getKey).toList();
            schema.setRequired(required.isEmpty() ? null : required);
        });
    }

    private static boolean nullable(Schema<?> property, Map<String, Schema> schemas) {
        Schema<?> schema = property.get$ref() == null ? property
                : schemas.get(property.get$ref().substring(property.get$ref().lastIndexOf('/') + 1));
        return Boolean.TRUE.equals(schema.getNullable());
    }

    /** The names of the component schemas {@code schema} refers to, through properties and array items. */
    private static void collectReferenced(Schema<?> schema, Map<String, Schema> schemas, Set<String> names) {
        if (schema == null) {
            return;
        }
        if (schema.get$ref() != null) {
            String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
            if (names.add(name)) {
                collectReferenced(schemas.get(name), schemas, names);
            }
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> collectReferenced(property, schemas, names));
        }
        collectReferenced(schema.getItems(), schemas, names);
    }

    /** The ids in paths, described once here rather than at each of the operations that take them. */
    private static final Map<String, Parameter> PATH_IDS = Map.of(
            "escrowId", new Parameter().description("The escrow's id: `esc_` followed by a UUID v7.")
                                       .example("esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc"),
            "disputeId", new Parameter().description("The dispute's id: `dsp_` followed by a UUID v7.")
                                        .example("dsp_01a1fd80-8fb0-77f8-9808-a85ef68be7fc"));

    private static void describePathIds(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        operation.getParameters().stream()
                 .filter(parameter -> "path".equals(parameter.getIn()) && parameter.getDescription() == null)
                 .forEach(parameter -> {
                     Parameter id = PATH_IDS.get(parameter.getName());
                     if (id != null) {
                         parameter.description(id.getDescription()).example(id.getExample());
                     }
                 });
    }

    private static SecurityRequirement signed() {
        SecurityRequirement requirement = new SecurityRequirement();
        SIGNING_SCHEMES.forEach(requirement::addList);
        return requirement;
    }

    private static void addProblemResponses(Operation operation) {
        Content problem = new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
        operation.getResponses()
                 .addApiResponse("4XX", new ApiResponse().content(problem).description(
                         "The request was refused and changed nothing: see `code` (docs/errors.md)"))
                 .addApiResponse("5XX", new ApiResponse().content(problem).description(
                         "`service_unavailable` (the database is unreachable: retry later) or an internal error"));
    }

    private static Map<String, SecurityScheme> securitySchemes() {
        Map<String, SecurityScheme> schemes = new TreeMap<>();
        schemes.put("ApiKey", header("X-Api-Key", "The API key (`ak_…`)."));
        schemes.put("Timestamp", header("X-Timestamp",
                "The current time in Unix seconds; refused beyond 300 s from the server's clock."));
        schemes.put("Nonce", header("X-Nonce",
                "1 to 128 of `A-Z a-z 0-9 _ -`, never used before with this key."));
        schemes.put("Signature", header("X-Signature", """
                Lowercase hex HMAC-SHA256, keyed with the API secret, of the five lines (joined by `\\n`): \
                the timestamp, the nonce, the method in upper case, the path with its raw query string, \
                and the lowercase hex SHA-256 of the raw body bytes (docs/authentication.md)."""));
        schemes.put(ADMIN_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("The admin token (`ESCROW_ADMIN_TOKEN`), for the `/admin` routes only."));
        schemes.put(ANALYST_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("The read-only analyst token (`ESCROW_ANALYST_TOKEN`), for the dashboard's data only."));
        return schemes;
    }

    private static SecurityScheme header(String name, String description) {
        return new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(name)
                                   .description(description);
    }

    private static Schema<String> errorCodes() {
        StringSchema codes = new StringSchema();
        codes.description("The stable error codes; docs/errors.md (served at /docs/errors) says what each means and "
                          + "what to do.");
        Arrays.stream(ApiError.values()).map(ApiError::code).forEach(codes::addEnumItem);
        return codes;
    }

    private static Schema<?> fieldViolation() {
        return new ObjectSchema()
                .addProperty("field", new StringSchema().description("JSON path of the field, e.g. `milestones[1].amount`, "
                                                                     + "or the name of a header or parameter"))
                .addProperty("message", new StringSchema().description("What is wrong with it"))
                .required(List.of("field", "message"));
    }

    private static Schema<?> problem() {
        Schema<?> problem = new ObjectSchema()
                .description("An RFC 9457 problem document. Program against `code` and `status`; `title` and "
                             + "`detail` are for people. Some codes add members (`existing_escrow_id`, `errors`...).")
                .addProperty("type", new StringSchema().format("uri-reference")
                        .example("/docs/errors#duplicate_external_id"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema().format("int32"))
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("code", new Schema<>().$ref("#/components/schemas/ErrorCode"))
                .addProperty("request_id", new StringSchema())
                .addProperty("errors", new ArraySchema()
                        .items(new Schema<>().$ref("#/components/schemas/FieldViolation"))
                        .description("With `validation_failed`: every invalid field"))
                .required(List.of("type", "title", "status", "code"));
        problem.setAdditionalProperties(true);
        return problem;
    }

    private static Parameter idempotencyKey() {
        return new HeaderParameter().name("Idempotency-Key").required(false)
                .description("1 to 255 printable ASCII characters. A retry with the same key and body gets the first "
                             + "answer again, and nothing is done twice; the same key with another body is "
                             + "`idempotency_key_reused`. Kept for 24 hours.")
                .schema(new StringSchema().maxLength(255));
    }
}
