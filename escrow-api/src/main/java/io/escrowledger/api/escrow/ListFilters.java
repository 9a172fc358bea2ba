package io.escrowledger.api.escrow;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Set;

/** The query parameters of the escrow and dispute lists (docs/api.md, "Lists"). */
final class ListFilters {

    static final Set<String> ESCROW_PARAMETERS = Set.of("state", "external_id", "contractor_id", "client_id",
            "vault_id", "currency", "created[gte]", "created[lt]", "metadata[]", "limit", "cursor");
    static final Set<String> DISPUTE_PARAMETERS = Set.of("state", "reason", "due_before", "escrow_id", "metadata[]",
            "limit", "cursor");

    private ListFilters() {
    }

    /** The OpenAPI shape of {@code created[gte]} and {@code created[lt]} (a deepObject parameter). */
    @Schema(name = "CreatedRange", description = "Bounds on when an escrow was created.")
    record CreatedRange(
            @Schema(format = "date-time", example = "2025-01-01T00:00:00Z",
                    description = "Created at or after this instant.") String gte,
            @Schema(format = "date-time", example = "2025-02-01T00:00:00Z",
                    description = "Created before this instant.") String lt) {
    }
}
