package io.escrowledger.api.support;

import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;

/** The operator's side: the admin API, called with the admin bearer token. */
public final class Admin {

    private final ApiClient http;

    public Admin(ApiClient http) {
        this.http = http;
    }

    public ApiClient.Response post(String path, String body, String token) {
        HttpRequest.Builder request = http.request(path)
                                          .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                                                  : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request);
    }

    public ApiClient.Response get(String path) {
        return http.send(http.request(path).GET().header("Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN));
    }

    public ApiClient.Response delete(String path) {
        return http.send(http.request(path).DELETE().header("Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN));
    }

    /** A new integrator, and a client that signs with its first key. */
    public ApiClient newIntegrator(String name) {
        return clientOf(createIntegrator(name));
    }

    /** A new integrator: {@code id}, {@code name}, {@code api_key} and {@code api_secret}. */
    public JsonNode createIntegrator(String name) {
        return post("/admin/v1/integrators", "{\"name\": \"" + name + "\"}", IntegrationTest.ADMIN_TOKEN).json();
    }

    /** A client that signs with the key of an answer that shows one ({@link #createIntegrator}, a new key). */
    public ApiClient clientOf(JsonNode key) {
        return http.as(key.get("api_key").asString(), key.get("api_secret").asString());
    }
}
