package io.escrowledger.api.openapi;

import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.OpenApiDocument;
import io.escrowledger.api.web.ApiError;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The served OpenAPI document is the one in the repository (docs/openapi.json), which the linters check and the Java
 * client is generated from; the browsable reference and the error page its problem types point to are served.
 */
class OpenApiDocumentIntegrationTest extends IntegrationTest {

    static final Path COMMITTED = Path.of("..", "docs", "openapi.json");
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Test
    void theServedDocumentIsTheOneInTheRepository() throws IOException {
        String served = PRETTY.writeValueAsString(PRETTY.readTree(OpenApiDocument.of(baseUrl()).json())) + "\n";
        Path fresh = Path.of("target", "openapi.json");
        Files.writeString(fresh, served);
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(COMMITTED, served);
        }
        assertThat(Files.readString(COMMITTED))
                .as("docs/openapi.json is not what the service serves; review target/openapi.json and copy it there "
                    + "(or run the test with -Dopenapi.update=true)")
                .isEqualTo(served);
    }

    @Test
    void everyErrorCodeIsInTheDocumentAndOnTheServedErrorsPage() {
        JsonNode document = PRETTY.readTree(OpenApiDocument.of(baseUrl()).json());
        Set<String> documented = new HashSet<>();
        document.at("/components/schemas/ErrorCode/enum").forEach(code -> documented.add(code.asString()));
        List<String> codes = Arrays.stream(ApiError.values()).map(ApiError::code).toList();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(codes);

        HttpResponse<String> page = api.send(api.request("/docs/errors")).raw();
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/html"));
        // Each problem's type is /docs/errors#code: the anchor must be on the page.
        codes.forEach(code -> assertThat(page.body()).contains("id=\"" + code + "\""));
    }

    @Test
    void anAnswerTheDocumentDoesNotAllowFailsTheTest() {
        OpenApiDocument document = OpenApiDocument.of(baseUrl());
        var escrow = api.post("/v1/escrows", """
                {"external_id": "openapi-check-%s", "currency": "USD", "total_amount": 100,
                 "milestones": [{"milestone_id": "m1", "amount": 100}]}""".formatted(System.nanoTime()));
        Map<String, List<String>> json = Map.of("Content-Type", List.of("application/json"));
        document.assertMatches("POST", "/v1/escrows", 201, json, escrow.body());

        String unknownState = escrow.body().replace("\"state\":\"CREATED\"", "\"state\":\"MISPLACED\"");
        assertThat(unknownState).isNotEqualTo(escrow.body());
        assertThatThrownBy(() -> document.assertMatches("POST", "/v1/escrows", 201, json, unknownState))
                .isInstanceOf(AssertionError.class).hasMessageContaining("MISPLACED");
        assertThatThrownBy(() -> document.assertMatches("POST", "/v1/escrows", 200, json, escrow.body()))
                .as("an undocumented status").isInstanceOf(AssertionError.class);
        String missingAmount = escrow.body().replaceFirst("\"total_amount\":100,", "");
        assertThatThrownBy(() -> document.assertMatches("POST", "/v1/escrows", 201, json, missingAmount))
                .as("a required field left out").isInstanceOf(AssertionError.class);
    }

    @Test
    void webhookBodiesAreCheckedAgainstTheirTypesData() {
        OpenApiDocument document = OpenApiDocument.of(baseUrl());
        String released = """
                {"id": "evt_1", "type": "MILESTONE_RELEASED", "api_version": "2026-11-21",
                 "created_at": "2025-01-20T14:00:00Z", "escrow_id": "esc_1", "sequence": 4, "test_clock": null,
                 "data": {"milestone_id": "ms_design", "currency": "USD", "amount": 20000, "fee_amount": 500,
                          "net_amount": 19500, "remaining_amount": 0}}""";
        document.assertIsWebhookEvent(released);
        assertThatThrownBy(() -> document.assertIsWebhookEvent(released.replace("\"fee_amount\": 500,", "")))
                .as("the fee left out").isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> document.assertIsWebhookEvent(released.replace("\"amount\": 20000", "\"amount\": \"20000\"")))
                .as("a string amount").isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> document.assertIsWebhookEvent(released.replace("MILESTONE_RELEASED", "MILESTONE_LOST")))
                .as("an unknown type").isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> document.assertIsWebhookEvent(released.replace("MILESTONE_RELEASED", "DISPUTE_OPENED")))
                .as("another type's data").isInstanceOf(AssertionError.class);
    }

    @Test
    void problemTypesPointAtTheErrorsPage() {
        var refused = api.get("/v1/escrows/esc_00000000-0000-7000-8000-000000000000");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.json().get("type").asString()).isEqualTo("/docs/errors#escrow_not_found");
    }

    @Test
    void theBrowsableReferenceIsServedAtDocs() {
        var docs = api.send(api.request("/docs"));
        assertThat(docs.status()).isEqualTo(302);
        String ui = docs.header("Location");
        assertThat(ui).endsWith("/swagger-ui/index.html");
        var page = api.send(api.request(ui.replaceFirst("^https?://[^/]+", "")));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
        var config = api.send(api.request("/v3/api-docs/swagger-config"));
        assertThat(config.json().get("url").asString()).isEqualTo("/v3/api-docs");
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port();
    }
}
