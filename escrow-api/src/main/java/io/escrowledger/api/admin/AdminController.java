package io.escrowledger.api.admin;

import io.escrowledger.api.security.ApiKeyStore;
import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.ApiException;
import io.escrowledger.api.web.Validator;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators manage integrators and their keys here, behind the admin bearer token (AdminTokenFilter). A secret is in
 * the answer that creates it and nowhere else: it is never shown again, nor logged.
 */
@RestController
@RequestMapping("/admin/v1/integrators")
public class AdminController {

    private final ApiKeyStore keys;

    public AdminController(ApiKeyStore keys) {
        this.keys = keys;
    }

    record CreateIntegrator(String name) {
    }

    record IntegratorCreated(String id, String name, String apiKey, String apiSecret) {
    }

    record KeyIssued(String integratorId, String apiKey, String apiSecret) {
    }

    @PostMapping
    ResponseEntity<IntegratorCreated> create(@RequestBody CreateIntegrator request) {
        Validator check = new Validator();
        String name = check.text("name", request.name(), 1, 200);
        check.throwIfInvalid();
        ApiKeyStore.Credentials created = keys.createIntegrator(name);
        return ResponseEntity.status(HttpStatus.CREATED).body(new IntegratorCreated(created.integratorId(),
                created.name(), created.apiKey(), created.apiSecret()));
    }

    @PostMapping("/{integratorId}/keys")
    ResponseEntity<KeyIssued> addKey(@PathVariable String integratorId) {
        ApiKeyStore.Credentials issued = keys.addKey(integratorId).orElseThrow(
                () -> new ApiException(ApiError.INTEGRATOR_NOT_FOUND, "No integrator " + integratorId));
        return ResponseEntity.status(HttpStatus.CREATED).body(keyIssued(issued));
    }

    /** A new secret for the key; the previous one keeps working for the rotation overlap (24 hours by default). */
    @PostMapping("/{integratorId}/keys/{apiKey}/rotate")
    KeyIssued rotate(@PathVariable String integratorId, @PathVariable String apiKey) {
        return keyIssued(keys.rotateSecret(integratorId, apiKey).orElseThrow(() -> keyNotFound(apiKey)));
    }

    @DeleteMapping("/{integratorId}/keys/{apiKey}")
    ResponseEntity<Void> revoke(@PathVariable String integratorId, @PathVariable String apiKey) {
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
