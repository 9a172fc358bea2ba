package io.escrowledger.api.subcent;

import io.escrowledger.domain.serialization.ExactJson;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The /subcent requests, field for field as the second seed names them (docs/subcent-compatibility.md). */
final class SubcentRequests {

    private SubcentRequests() {
    }

    @Schema(name = "SubcentCreateEscrowRequest", description = "A vault-funded escrow of one amount.")
    record CreateEscrow(
            @Schema(requiredMode = REQUIRED, example = "550e8400-e29b-41d4-a716-446655440000",
                    description = "The vault that funds the escrow (a UUID); its available balance must cover "
                                  + "`amount`.")
            String vaultId,
            @Schema(example = "agent_42",
                    description = "The paying party (the canonical `client_id`), 1 to 128 of `A-Z a-z 0-9 _ . -`.")
            String agentId,
            @Schema(example = "merchant_7",
                    description = "Who released money goes to (the canonical `contractor_id`), as `agent_id`.")
            String merchantId,
            @Schema(requiredMode = REQUIRED, type = "string", implementation = String.class,
                    pattern = "^[0-9]{1,20}(\\.[0-9]{1,20})?$",
                    description = "A decimal string in the currency's units, e.g. \"500.00\": 1 to 20 digits, "
                                  + "optionally `.` and 1 to 20 digits, no more significant decimals than the "
                                  + "currency has, more than zero. A missing, invalid, zero or negative amount is "
                                  + "`422 policy_violation`, whatever else is wrong with the request.")
            ExactJson amount,
            @Schema(example = "USDC", defaultValue = "USDC",
                    description = "The escrow's currency, which must be the vault's; USDC when absent.")
            String currency,
            @Schema(requiredMode = REQUIRED, example = "oracle_confirmation",
                    allowableValues = {"time_release", "oracle_confirmation", "multi_sig_approval",
                                       "delivery_confirmation"}, description = "The release condition's type.")
            String conditionType,
            @Schema(type = "object", implementation = Object.class,
                    additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                    example = "{\"oracle_id\": \"oracle_fedex\", \"event\": \"delivered\", \"tracking_number\": "
                              + "\"1Z999\"}",
                    description = "Optional: any JSON object of at most 4096 bytes (written compactly), nested at "
                                  + "most 16 levels, without control characters in its names and strings; kept and "
                                  + "returned exactly. The condition type's own fields are read from it, each "
                                  + "optional: `time_release`: `release_at` (RFC 3339, in the future and before the "
                                  + "expiry; without it, the money is released at the expiry); `oracle_confirmation`: "
                                  + "`oracle_id` (1 to 128 of `A-Z a-z 0-9 _ . -`; without it, your own confirmation, "
                                  + "naming any oracle, counts) and `event` (1 to 256 characters); "
                                  + "`multi_sig_approval`: `approvers` (1 to 20 distinct ids; without them, any "
                                  + "approver you name counts) and `threshold` (1 to the number of approvers, or to "
                                  + "20; without it, 2, or every approver when fewer are named); "
                                  + "`delivery_confirmation`: none. Everything else is free-form.")
            ExactJson conditionData,
            @Schema(example = "24", defaultValue = "24",
                    description = "When the escrow expires, in hours from now: more than 0, at most 87600, a whole "
                                  + "number of milliseconds (0.5 is fine); 24 when absent.")
            BigDecimal expiresInHours) {
    }

    /**
     * Release and refund take no body, {@code {}}, or a part of what is held: {@code {"amount": "120.50"}}; any other
     * field is refused before anything moves.
     */
    @Schema(name = "SubcentMoveFundsRequest",
            description = "The optional body of a release or refund: no body, `{}`, or `amount`.")
    record MoveFunds(
            @Schema(type = "string", example = "120.50",
                    description = "Optional: release or refund only this part of what is held, a decimal string in "
                                  + "the escrow's currency (as the seed's `amount`); the rest stays held and the "
                                  + "status stays `funded`. Without it, everything held.")
            ExactJson amount) {
    }

    @Schema(name = "SubcentDisputeRequest", description = "The optional body of a dispute.")
    record DisputeRequest(
            @Schema(example = "Product was not as described",
                    description = "Why, 1 to 2000 characters; \"Dispute raised\" when absent.")
            String reason) {
    }
}
