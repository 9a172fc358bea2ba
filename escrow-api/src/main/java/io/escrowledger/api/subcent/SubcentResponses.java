package io.escrowledger.api.subcent;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** The /subcent answers, field for field and in the order of the second seed (docs/subcent-compatibility.md). */
final class SubcentResponses {

    private SubcentResponses() {
    }

    /** The create answer: the seed's fields, in its order. */
    @Schema(name = "SubcentCreatedEscrow", description = "The escrow just created, funded from its vault.")
    record Created(
            @Schema(example = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc",
                    description = "`esc_` followed by a UUID v7; the same id as on /v1.")
            String escrowId,
            @Schema(example = "550e8400-e29b-41d4-a716-446655440000") String vaultId,
            @Schema(nullable = true, example = "agent_42", description = "Null when none was given.") String agentId,
            @Schema(nullable = true, example = "merchant_7", description = "Null when none was given.")
            String merchantId,
            @Schema(description = "A decimal string with at least two decimals, more only when the amount has them "
                                  + "(\"500.00\", \"0.000001\"); a currency with fewer decimals shows its own.")
            String amount,
            @Schema(example = "USDC") String currency,
            @Schema(example = "oracle_confirmation",
                    allowableValues = {"time_release", "oracle_confirmation", "multi_sig_approval",
                                       "delivery_confirmation"})
            String conditionType,
            @Schema(additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                    example = "{\"oracle_id\": \"oracle_fedex\", \"event\": \"delivered\"}",
                    description = "The condition's fields and free-form details, as given (`{}` when there is "
                                  + "nothing); a `time_release`'s `release_at` is echoed in the canonical form.")
            Map<String, Object> conditionData,
            @Schema(example = "funded", allowableValues = {"funded", "released", "refunded", "disputed"},
                    description = "Always `funded` for a new escrow.")
            String status,
            @Schema(format = "date-time", example = "2025-01-18T10:30:00.000Z",
                    description = "When what is still held goes back to the vault: UTC with milliseconds.")
            String expiresAt,
            @Schema(format = "date-time", example = "2025-01-15T10:30:00.000Z", description = "UTC with milliseconds.")
            String createdAt) {
    }

    @Schema(name = "SubcentEscrow", description = "An escrow as the /subcent API shows it: any escrow funded from a "
                                                  + "vault, also one created on /v1.")
    record Detail(
            @Schema(example = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc") String escrowId,
            @Schema(example = "550e8400-e29b-41d4-a716-446655440000", description = "The funding vault.")
            String vaultId,
            @Schema(nullable = true, example = "agent_42", description = "The paying party; null when none.")
            String agentId,
            @Schema(nullable = true, example = "merchant_7", description = "The payee; null when none.")
            String merchantId,
            @Schema(description = "The total amount as a decimal string, e.g. \"500.00\".") String amount,
            @Schema(example = "USDC") String currency,
            @Schema(nullable = true, example = "oracle_confirmation",
                    description = "`time_release`, `oracle_confirmation`, `multi_sig_approval` or "
                                  + "`delivery_confirmation`; null for an escrow without a release condition.")
            String conditionType,
            @Schema(nullable = true, additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                    example = "{\"oracle_id\": \"oracle_fedex\", \"event\": \"delivered\"}",
                    description = "The condition's fields and free-form details (`{}` when there is nothing); null "
                                  + "for an escrow without a release condition.")
            Map<String, Object> conditionData,
            @Schema(example = "funded", allowableValues = {"funded", "released", "refunded", "disputed"},
                    description = "`released` once any money went to the merchant, `refunded` once it all went back "
                                  + "(docs/subcent-compatibility.md, Statuses).")
            String status,
            @Schema(nullable = true, example = "3f1c9a6e0b8d4f2a7c5e1b9d3a6f8c2e4b7d1a9f5c3e8b2d6a4f1c7e9b3d5a8f",
                    description = "The escrow's own address: the hash of its first event (its creation) in its hash "
                                  + "chain, unique to it and fixed; sequence 0 of GET /v1/escrows/{id}/events. Null "
                                  + "only for an escrow whose events were all stored before the hash chain existed "
                                  + "(docs/audit.md), until its next event.")
            String escrowAddress,
            @Schema(nullable = true, example = "9b2e4d7a1c6f3e8b5d2a9c4f7e1b3d6a8c5f2e9b4d7a1c3e6f8b2d5a9c4e7f1b",
                    description = "The chain hash of the event that held the money from the vault "
                                  + "(EscrowFundedFromVaultEvent), as GET /v1/escrows/{id}/events and the audit "
                                  + "bundle show it; null as `escrow_address` is.")
            String txHashFund,
            @Schema(nullable = true, example = "c4e7f1b9b2e4d7a1c6f3e8b5d2a9c4f7e1b3d6a8c5f2e9b4d7a1c3e6f8b2d5a9",
                    description = "The chain hash of the latest event that paid the merchant (a release, or a dispute "
                                  + "decision that gave the merchant any of it); null while nothing was released.")
            String txHashRelease,
            @Schema(nullable = true, format = "date-time", example = "2025-01-18T10:30:00.000Z",
                    description = "When what is still held goes back; null for an escrow that never expires.")
            String expiresAt,
            @Schema(format = "date-time", example = "2025-01-15T10:30:00.000Z") String createdAt,
            @Schema(format = "date-time", example = "2025-01-16T09:00:00.000Z") String updatedAt) {
    }

    @Schema(name = "SubcentEscrowSummary", description = "An escrow in a /subcent list (no `condition_data`).")
    record Summary(
            @Schema(example = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc") String escrowId,
            @Schema(example = "550e8400-e29b-41d4-a716-446655440000") String vaultId,
            @Schema(nullable = true, example = "agent_42", description = "The paying party; null when none.")
            String agentId,
            @Schema(nullable = true, example = "merchant_7", description = "The payee; null when none.")
            String merchantId,
            @Schema(description = "The total amount as a decimal string, e.g. \"500.00\".") String amount,
            @Schema(example = "USDC") String currency,
            @Schema(nullable = true, example = "oracle_confirmation",
                    description = "The release condition's type; null for a /v1 escrow without one.")
            String conditionType,
            @Schema(example = "funded", allowableValues = {"funded", "released", "refunded", "disputed"}) String status,
            @Schema(nullable = true, format = "date-time", example = "2025-01-18T10:30:00.000Z",
                    description = "When what is still held goes back to the vault; null for never.")
            String expiresAt,
            @Schema(format = "date-time", example = "2025-01-15T10:30:00.000Z") String createdAt) {
    }

    @Schema(name = "SubcentEscrowList", description = "One page of a vault's escrows, newest first.")
    record EscrowList(
            @Schema(description = "The escrows of this page.") List<Summary> escrows,
            @Schema(description = "Whether another page follows: pass the last `escrow_id` as `cursor`.")
            boolean hasMore) {
    }

    @Schema(name = "SubcentReleasedEscrow", description = "The answer to a release.")
    record Released(
            @Schema(example = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc") String escrowId,
            @Schema(example = "released", allowableValues = {"funded", "released", "refunded", "disputed"},
                    description = "`released` after a release.")
            String status,
            @Schema(example = "c4e7f1b9b2e4d7a1c6f3e8b5d2a9c4f7e1b3d6a8c5f2e9b4d7a1c3e6f8b2d5a9",
                    description = "The chain hash of the event that released the money (as in the escrow's "
                                  + "`tx_hash_release`).")
            String txHashRelease,
            @Schema(format = "date-time", nullable = true, example = "2025-01-16T09:00:00.000Z",
                    description = "When the escrow closed; null after the release of a part (`amount`) while the "
                                  + "rest is still held.")
            String releasedAt) {
    }

    @Schema(name = "SubcentRefundedEscrow", description = "The answer to a refund.")
    record Refunded(
            @Schema(example = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc") String escrowId,
            @Schema(example = "refunded", allowableValues = {"funded", "released", "refunded", "disputed"},
                    description = "`refunded`; `released` when a refund conceding a dispute follows an earlier "
                                  + "release of part of the money.")
            String status,
            @Schema(format = "date-time", nullable = true, example = "2025-01-16T09:00:00.000Z",
                    description = "When the escrow closed; null after the refund of a part (`amount`) while the "
                                  + "rest is still held.")
            String refundedAt) {
    }

    @Schema(name = "SubcentDisputedEscrow", description = "The answer to a dispute.")
    record Disputed(
            @Schema(example = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc") String escrowId,
            @Schema(example = "disputed", allowableValues = "disputed") String status,
            @Schema(example = "Product was not as described") String reason,
            @Schema(format = "date-time", example = "2025-01-17T08:00:00.000Z",
                    description = "When the dispute was opened.")
            String disputedAt) {
    }
}
