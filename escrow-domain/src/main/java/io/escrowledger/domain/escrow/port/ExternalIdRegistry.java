package io.escrowledger.domain.escrow.port;

import java.util.Optional;

/**
 * Keeps an integrator's external ids unique across escrows, which no single aggregate can check on its own.
 * Implementations claim the id in the same transaction that stores the escrow's first event, so a refused or failed
 * creation leaves no claim behind.
 */
public interface ExternalIdRegistry {

    /**
     * Claims {@code externalId} for {@code escrowId}.
     *
     * @return the id of the escrow that already holds this external id, or empty when the claim succeeded
     */
    Optional<String> claim(String integratorId, String externalId, String escrowId);
}
