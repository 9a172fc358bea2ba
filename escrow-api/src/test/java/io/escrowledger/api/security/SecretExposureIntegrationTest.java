package io.escrowledger.api.security;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.ApiOperations;
import io.escrowledger.api.support.ApiOperations.Operation;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.OpenApiDocument;
import io.escrowledger.api.support.Tenant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operator routes take no integrator credentials, and secrets are shown once: an API secret in the answer that makes
 * it, a webhook secret in the answers that make or rotate it, and never again in any answer of any route, nor in a
 * refusal. (The logs are scanned for the same secrets by RequestLogIntegrationTest.)
 */
class SecretExposureIntegrationTest extends IntegrationTest {

    @Test
    void everyOperatorRouteRefusesAnIntegratorsCredentials() {
        Tenant tenant = Tenant.create(api, "Knocking on the admin door");
        Map<String, String> ids = operatorIds(tenant);
        String before = tenant.stored(jdbc);
        int checked = 0;
        ApiOperations document = document();
        for (Operation operation : document.operations(path -> path.startsWith("/admin/")
                                                                  || path.startsWith("/dashboard/api/"))) {
            String path = fill(operation.path(), ids);
            byte[] body = operation.body() == null ? null : document.exampleOf(operation.body()).toString()
                    .getBytes(StandardCharsets.UTF_8);
            Map<String, String> json = body == null ? Map.of() : Map.of("Content-Type", "application/json");

            // Signed as on /v1: the operator routes do not know the scheme.
            expectOperatorTokenRefusal(operation, tenant.client().callBytes(operation.method(), path, body, json));
            // The API secret offered as the bearer token.
            Map<String, String> bearer = new HashMap<>(json);
            bearer.put("Authorization", "Bearer " + tenant.apiSecret());
            ApiClient.Response refused = tenant.client().send(request(tenant.client(), operation.method(), path, body,
                    bearer));
            expectOperatorTokenRefusal(operation, refused);
            assertThat(refused.body()).doesNotContain(tenant.apiSecret());
            checked++;
        }
        assertThat(checked).as("operator operations").isGreaterThan(8);
        assertThat(tenant.stored(jdbc)).isEqualTo(before);
    }

    @Test
    void secretsAreShownOnceAndInNoOtherAnswer() {
        Tenant tenant = Tenant.create(api, "Secrets shown once");
        Admin admin = new Admin(api);
        List<String> secrets = new ArrayList<>(List.of(tenant.apiSecret()));
        String keys = "/admin/v1/integrators/" + tenant.integratorId() + "/keys";
        secrets.add(admin.post(keys, null, ADMIN_TOKEN).json().get("api_secret").asString());
        JsonNode rotated = admin.post(keys + "/" + tenant.apiKey() + "/rotate", null, ADMIN_TOKEN).json();
        secrets.add(rotated.get("api_secret").asString());
        ApiClient client = tenant.client().as(tenant.apiKey(), rotated.get("api_secret").asString());
        JsonNode endpoint = client.post("/v1/webhook-endpoints", "{\"url\": \"http://127.0.0.1:9/hooks\"}").json();
        String endpointPath = "/v1/webhook-endpoints/" + endpoint.get("id").asString();
        secrets.add(endpoint.get("secret").asString());
        secrets.add(client.post(endpointPath + "/rotate-secret", null).json().get("secret").asString());
        // The secrets' key material too: an answer that drops a prefix still leaks.
        new ArrayList<>(secrets).forEach(secret -> secrets.add(secret.substring(secret.indexOf('_') + 1)));

        // Later answers show the endpoint without its secret.
        assertThat(client.get(endpointPath).json().get("secret").isNull()).isTrue();
        assertThat(client.get("/v1/webhook-endpoints").json().get("data").valueStream()
                         .map(e -> e.get("secret")).toList()).isNotEmpty().allMatch(JsonNode::isNull);
        assertThat(client.call("PATCH", endpointPath, "{\"description\": \"renamed\"}", Map.of()).json().get("secret")
                         .isNull()).isTrue();

        // Every read of every route, with the tenant's ids: integrator, operator and analyst routes.
        Map<String, String> ids = operatorIds(tenant);
        int reads = 0;
        for (Operation operation : document().operations(path -> true)) {
            if (!operation.method().equals("GET")) {
                continue;
            }
            String path = fill(operation.path(), ids);
            ApiClient.Response answer = path.startsWith("/v1/") || path.startsWith("/subcent/") ? client.get(path)
                    : admin.get(path);
            assertThat(answer.status()).as(operation + ": " + answer.body()).isLessThan(500);
            for (String secret : secrets) {
                assertThat(answer.body()).as(operation + " shows a secret").doesNotContain(secret);
                assertThat(answer.headers().toString()).as(operation + " shows a secret").doesNotContain(secret);
            }
            reads++;
        }
        assertThat(reads).as("read operations").isGreaterThan(20);
    }

    @Test
    void refusalsNeverEchoASecretTokenOrSignature() {
        Tenant tenant = Tenant.create(api, "Refusals without echoes");
        String secret = tenant.apiSecret();

        // A client that mistakes its secret for its key.
        ApiClient.Response mistaken = api.as(secret, secret).get("/v1/escrows");
        assertThat(mistaken.json().get("code").asString()).isEqualTo("invalid_api_key");
        // A signature made with the wrong secret, and one made with the right secret over another request.
        Map<String, String> wrong = api.as(tenant.apiKey(), "sk_not_the_secret").signatureHeaders("GET",
                "/v1/escrows", new byte[0]);
        ApiClient.Response forged = tenant.client().send(request(tenant.client(), "GET", "/v1/escrows", null, wrong));
        assertThat(forged.json().get("code").asString()).isEqualTo("invalid_signature");
        Map<String, String> otherRequest = tenant.client().signatureHeaders("GET", "/v1/vaults", new byte[0]);
        ApiClient.Response replayedElsewhere = tenant.client().send(request(tenant.client(), "GET", "/v1/escrows",
                null, otherRequest));
        assertThat(replayedElsewhere.json().get("code").asString()).isEqualTo("invalid_signature");
        // The secret inside a body the service cannot read, and inside a field it refuses.
        ApiClient.Response unreadable = tenant.client().post("/v1/escrows", "{\"api_secret\": \"" + secret + "\"}");
        assertThat(unreadable.status()).isEqualTo(400);
        ApiClient.Response invalid = tenant.client().post("/v1/escrows", "{\"currency\": \"" + secret + "\"}");
        assertThat(invalid.status()).isEqualTo(422);
        // Operator routes, with a wrong token.
        ApiClient.Response wrongToken = new Admin(api).post("/admin/v1/integrators", "{\"name\": \"x\"}", secret);
        assertThat(wrongToken.status()).isEqualTo(401);

        for (ApiClient.Response refusal : List.of(mistaken, forged, replayedElsewhere, unreadable, invalid, wrongToken)) {
            assertThat(refusal.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refusal.body()).doesNotContain(secret).doesNotContain(secret.substring(3));
            assertThat(refusal.headers().toString()).doesNotContain(secret);
        }
        for (String signature : List.of(wrong.get("X-Signature"), otherRequest.get("X-Signature"))) {
            assertThat(forged.body() + replayedElsewhere.body()).doesNotContain(signature);
        }
    }

    /** The path parameters of every route: the tenant's ids, and the operator routes' own. */
    private static Map<String, String> operatorIds(Tenant tenant) {
        Map<String, String> ids = new HashMap<>(tenant.pathIds());
        ids.put("integratorId", tenant.integratorId());
        ids.put("apiKey", tenant.apiKey());
        ids.put("name", "escrow-read-model");
        return ids;
    }

    private static String fill(String template, Map<String, String> ids) {
        String path = template;
        for (Map.Entry<String, String> id : ids.entrySet()) {
            path = path.replace("{" + id.getKey() + "}", id.getValue());
        }
        assertThat(path).as("a path parameter this test has no id for").doesNotContain("{");
        return path;
    }

    private static HttpRequest.Builder request(ApiClient client, String method, String path, byte[] body,
                                               Map<String, String> headers) {
        HttpRequest.Builder request = client.request(path).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return request;
    }

    private static void expectOperatorTokenRefusal(Operation operation, ApiClient.Response response) {
        assertThat(response.status()).as(operation + ": " + response.body()).isEqualTo(401);
        assertThat(response.json().get("code").asString()).as(operation.toString()).matches("invalid_\\w+_token");
    }

    private ApiOperations document() {
        return new ApiOperations(OpenApiDocument.of("http://127.0.0.1:" + port()).json());
    }
}
