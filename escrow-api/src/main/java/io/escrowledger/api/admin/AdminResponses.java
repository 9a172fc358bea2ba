package io.escrowledger.api.admin;

import io.swagger.v3.oas.annotations.media.Schema;

/** What the admin operations answer. */
final class AdminResponses {

    static final String INTEGRATOR_ID = "The integrator's id: int_ and a UUID";
    static final String INTEGRATOR_ID_EXAMPLE = "int_3f2b8c1e-5d4a-4e6f-9a7b-8c9d0e1f2a3b";
    static final String API_KEY_EXAMPLE = "ak_9f86d081884c7d659a2feaa0c55ad015";

    private AdminResponses() {
    }

    @Schema(name = "IntegratorCreated", description = "A new integrator and its first API key, with the key's secret.")
    record IntegratorCreated(
            @Schema(description = INTEGRATOR_ID, example = INTEGRATOR_ID_EXAMPLE) String id,
            @Schema(example = "Acme") String name,
            @Schema(description = "The key's public identifier, sent as X-Api-Key", example = API_KEY_EXAMPLE)
            String apiKey,
            @Schema(description = "The key's secret (sk_...), which signs requests: shown only here, never again")
            String apiSecret) {
    }

    @Schema(name = "ApiKeyIssued", description = "An API key with its new secret.")
    record KeyIssued(
            @Schema(description = INTEGRATOR_ID, example = INTEGRATOR_ID_EXAMPLE) String integratorId,
            @Schema(description = "The key's public identifier, sent as X-Api-Key", example = API_KEY_EXAMPLE)
            String apiKey,
            @Schema(description = "The key's new secret (sk_...), which signs requests: shown only here, never again")
            String apiSecret) {
    }
}
