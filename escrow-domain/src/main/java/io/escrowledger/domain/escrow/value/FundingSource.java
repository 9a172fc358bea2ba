package io.escrowledger.domain.escrow.value;

import java.util.Objects;

/**
 * Where a vault-funded escrow's money comes from, and its parties.
 *
 * @param clientId     the paying agent, if the integrator names one
 * @param contractorId the merchant who receives released money, if the integrator names one
 */
public record FundingSource(String vaultId, String clientId, String contractorId) {

    public FundingSource {
        Objects.requireNonNull(vaultId, "vaultId");
    }
}
