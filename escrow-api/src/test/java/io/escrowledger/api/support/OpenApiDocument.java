package io.escrowledger.api.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI document a running service serves at /v3/api-docs, as a checker of real responses: every response the
 * HTTP tests receive on a documented route must have a documented status, content type and body. The tests send
 * plenty of deliberately bad requests, so this checks what the service answers, not what it was asked.
 */
public final class OpenApiDocument {

    private static final Map<String, OpenApiDocument> BY_SERVICE = new ConcurrentHashMap<>();

    private final String json;
    private final OpenApiInteractionValidator validator;
    private final Schema<?> webhookEvent;
    private final SchemaValidator schemas;

    private OpenApiDocument(String json) {
        this.json = json;
        ParseOptions resolve = new ParseOptions();
        resolve.setResolve(true);
        OpenAPI parsed = new OpenAPIV3Parser().readContents(json, null, resolve).getOpenAPI();
        this.webhookEvent = parsed.getComponents().getSchemas().get("WebhookEvent");
        this.schemas = new SchemaValidator(parsed, new MessageResolver());
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(json)
                .withLevelResolver(LevelResolver.create()
                        // Requests to paths or methods that exist on no route (tests of 404 and 405) are not the
                        // document's business; their problem documents are checked by the error tests.
                        .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                        .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.IGNORE)
                        .build())
                .build();
    }

    /** The document of the service at {@code baseUrl}, fetched once. */
    public static OpenApiDocument of(String baseUrl) {
        return BY_SERVICE.computeIfAbsent(baseUrl, url -> new OpenApiDocument(fetch(url + "/v3/api-docs")));
    }

    public String json() {
        return json;
    }

    void assertMatches(HttpResponse<String> response) {
        assertMatches(response.request().method(), response.request().uri().getRawPath(), response.statusCode(),
                response.headers().map(), response.body());
    }

    /** Fails unless this answer to {@code method path} is one the document allows. */
    public void assertMatches(String method, String path, int status, Map<String, List<String>> headers,
                              String body) {
        if (!isDocumented(path)) {
            return;
        }
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(status).withBody(body);
        headers.forEach(answer::withHeader);
        ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(method), answer.build());
        if (report.hasErrors()) {
            throw new AssertionError("The answer to " + method + " " + path + " (" + status + ": " + body
                                     + ") does not match the OpenAPI document:\n"
                                     + SimpleValidationReportFormat.getInstance().apply(report));
        }
    }

    /** Fails unless {@code body} is a {@code WebhookEvent} as the document describes it. */
    public void assertIsWebhookEvent(String body) {
        ValidationReport report = schemas.validate(body, webhookEvent, "webhook");
        if (report.hasErrors()) {
            throw new AssertionError("This webhook body is not a WebhookEvent of the OpenAPI document: " + body
                                     + "\n" + SimpleValidationReportFormat.getInstance().apply(report));
        }
    }

    private static boolean isDocumented(String path) {
        return path.startsWith("/v1/") || path.startsWith("/subcent/") || path.startsWith("/admin/")
               || path.startsWith("/dashboard/api/");
    }

    private static String fetch(String url) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
