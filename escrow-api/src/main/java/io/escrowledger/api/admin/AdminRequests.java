package io.escrowledger.api.admin;

import io.swagger.v3.oas.annotations.media.Schema;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** What the admin operations take. */
final class AdminRequests {

    private AdminRequests() {
    }

    @Schema(name = "CreateIntegratorRequest", description = "A new integrator.")
    record CreateIntegrator(
            @Schema(description = "The integrator's name, 1 to 200 characters", example = "Acme",
                    requiredMode = REQUIRED)
            String name) {
    }
}
