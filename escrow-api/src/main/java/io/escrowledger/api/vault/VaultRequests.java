package io.escrowledger.api.vault;

import io.escrowledger.api.web.MetadataRequest;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** What the vault operations take. */
final class VaultRequests {

    private VaultRequests() {
    }

    @Schema(name = "OpenVaultRequest", description = "A new vault; every field is optional.")
    record OpenVault(
            @Schema(description = "ISO 4217 code with minor units, or USDC (6 decimals); USDC when left out",
                    example = "USDC", defaultValue = "USDC")
            String currency,
            @Schema(description = "A name for people, 1 to 200 characters", example = "Main") String name,
            @Schema(description = "Your own reference for the vault, 1 to 128 characters", example = "vault_main")
            String externalId,
            @Schema(example = "{\"cost_center\": \"cc_42\"}",
                    description = "Optional: your own key/value pairs on the vault. " + MetadataRequest.CHANGES)
            Map<String, String> metadata) {
    }

    @Schema(name = "VaultMovementRequest", description = "A deposit into or a withdrawal from a vault.")
    record Movement(
            @Schema(description = "Whole minor units of the vault's currency, 1 to 9007199254740991",
                    example = "500000000", requiredMode = REQUIRED)
            Long amount,
            @Schema(description = "Your reference for the movement, 1 to 128 characters, unique per vault across "
                                  + "deposits and withdrawals: repeating it with the same amount and kind changes "
                                  + "nothing", example = "dep_1", requiredMode = REQUIRED)
            String reference) {
    }
}
