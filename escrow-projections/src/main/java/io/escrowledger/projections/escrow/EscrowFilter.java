package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.value.EscrowState;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Which of an integrator's escrows to list; every filter given must match.
 *
 * @param states         only escrows in one of these states, or any when empty
 * @param externalId     only the escrow with this external id, or any when null
 * @param vaultId        only escrows funded from this vault, or any when null
 * @param anyReleased    only escrows that released some money (true) or none (false), or either when null
 * @param afterEscrowId  the last escrow of the previous page, or null for the first page
 * @param createdFrom    only escrows created at or after this instant, or any when null
 * @param createdBefore  only escrows created before this instant, or any when null
 * @param clientId       only escrows of this client (vault-funded escrows name their parties), or any when null
 * @param contractorId   only escrows of this contractor, or any when null
 * @param currency       only escrows in this currency, or any when null
 * @param metadata       only escrows whose metadata has all these pairs, or any when empty
 */
public record EscrowFilter(Set<EscrowState> states, String externalId, String vaultId, Boolean anyReleased,
                           String afterEscrowId, Instant createdFrom, Instant createdBefore, String clientId,
                           String contractorId, String currency, Map<String, String> metadata) {

    public EscrowFilter {
        states = states == null ? Set.of() : Set.copyOf(states);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** States, external id, vault and released money only. */
    public EscrowFilter(Set<EscrowState> states, String externalId, String vaultId, Boolean anyReleased,
                        String afterEscrowId) {
        this(states, externalId, vaultId, anyReleased, afterEscrowId, null, null, null, null, null, null);
    }

    /** The canonical listing's filter: one state or any. */
    public static EscrowFilter of(EscrowState state, String externalId, String afterEscrowId) {
        return new EscrowFilter(state == null ? Set.of() : Set.of(state), externalId, null, null, afterEscrowId);
    }
}
