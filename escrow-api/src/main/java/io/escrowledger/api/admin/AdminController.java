package io.escrowledger.api.admin;

import io.escrowledger.api.admin.AdminRequests.CreateIntegrator;
import io.escrowledger.api.admin.AdminResponses.IntegratorCreated;
import io.escrowledger.api.admin.AdminResponses.KeyIssued;
import io.escrowledger.api.security.ApiKeyStore;
import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.ApiException;
import io.escrowledger.api.web.Validator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static io.escrowledger.api.admin.AdminResponses.API_KEY_EXAMPLE;
import static io.escrowledger.api.admin.AdminResponses.INTEGRATOR_ID;
import static io.escrowledger.api.admin.AdminResponses.INTEGRATOR_ID_EXAMPLE;

/**
 * Operators manage integrators and their keys here, behind the admin bearer token (AdminTokenFilter). A secret is in
 * the answer that creates it and nowhere else: it is never shown again, nor logged.
 */
@Tag(name = "Admin",
        description = "Operators: integrators and their API keys, read model rebuilds, ledger and chain checks.")
@RestController
@RequestMapping("/admin/v1/integrators")
public record AdminController(ApiKeyStore keys) {

    private static final String API_KEY = "The API key's public identifier (ak_...)";

    @Operation(operationId = "createIntegrator", summary = "Create an integrator",
            description = "Creates an integrator with one API key and answers the key's secret, which is shown only "
                          + "here.")
    @ApiResponse(responseCode = "201", description = "The integrator and its first key", useReturnTypeSchema = true)
    @PostMapping
    ResponseEntity<IntegratorCreated> create(@RequestBody CreateIntegrator request) {
        Validator check = new Validator();
        String name = check.text("name", request.name(), 1, 200);
        check.throwIfInvalid();
        ApiKeyStore.Credentials created = keys.createIntegrator(name);
        return ResponseEntity.status(HttpStatus.CREATED).body(new IntegratorCreated(created.integratorId(),
                created.name(), created.apiKey(), created.apiSecret()));
    }

    @Operation(operationId = "issueApiKey", summary = "Issue another API key",
            description = "Gives the integrator another API key, with its secret, shown only here.")
    @ApiResponse(responseCode = "201", description = "The new key", useReturnTypeSchema = true)
    @PostMapping("/{integratorId}/keys")
    ResponseEntity<KeyIssued> addKey(@Parameter(description = INTEGRATOR_ID, example = INTEGRATOR_ID_EXAMPLE)
                                     @PathVariable String integratorId) {
        ApiKeyStore.Credentials issued = keys.addKey(integratorId).orElseThrow(
                () -> new ApiException(ApiError.INTEGRATOR_NOT_FOUND, "No integrator " + integratorId));
        return ResponseEntity.status(HttpStatus.CREATED).body(keyIssued(issued));
    }

    /** A new secret for the key; the previous one keeps working for the rotation overlap (24 hours by default). */
    @Operation(operationId = "rotateApiKey", summary = "Rotate an API key's secret",
            description = "Gives the key a new secret, shown only here. The previous secret keeps working for the "
                          + "rotation overlap (24 hours by default), so both are accepted during the roll-out.")
    @PostMapping("/{integratorId}/keys/{apiKey}/rotate")
    KeyIssued rotate(@Parameter(description = INTEGRATOR_ID, example = INTEGRATOR_ID_EXAMPLE)
                     @PathVariable String integratorId,
                     @Parameter(description = API_KEY, example = API_KEY_EXAMPLE) @PathVariable String apiKey) {
        return keyIssued(keys.rotateSecret(integratorId, apiKey).orElseThrow(() -> keyNotFound(apiKey)));
    }

    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key",
            description = "The key stops working at once, with every secret it had.")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @DeleteMapping("/{integratorId}/keys/{apiKey}")
    ResponseEntity<Void> revoke(@Parameter(description = INTEGRATOR_ID, example = INTEGRATOR_ID_EXAMPLE)
                                @PathVariable String integratorId,
                                @Parameter(description = API_KEY, example = API_KEY_EXAMPLE)
                                @PathVariable String apiKey) {
        if (!keys.revokeKey(integratorId, apiKey)) {
            throw keyNotFound(apiKey);
        }
        return ResponseEntity.noContent().build();
    }

    private static KeyIssued keyIssued(ApiKeyStore.Credentials credentials) {
        return new KeyIssued(credentials.integratorId(), credentials.apiKey(), credentials.apiSecret());
    }

    private static ApiException keyNotFound(String apiKey) {
        return new ApiException(ApiError.API_KEY_NOT_FOUND, "No active API key " + apiKey + " for this integrator");
    }
}
