package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.value.EscrowState;

import java.util.Set;

/**
 * Which of an integrator's escrows to list.
 *
 * @param states         only escrows in one of these states, or any when empty
 * @param externalId     only the escrow with this external id, or any when null
 * @param vaultId        only escrows funded from this vault, or any when null
 * @param anyReleased    only escrows that released some money (true) or none (false), or either when null
 * @param afterEscrowId  the last escrow of the previous page, or null for the first page
 */
public record EscrowFilter(Set<EscrowState> states, String externalId, String vaultId, Boolean anyReleased,
                           String afterEscrowId) {

    public EscrowFilter {
        states = states == null ? Set.of() : Set.copyOf(states);
    }

    /** The canonical listing's filter: one state or any. */
    public static EscrowFilter of(EscrowState state, String externalId, String afterEscrowId) {
        return new EscrowFilter(state == null ? Set.of() : Set.of(state), externalId, null, null, afterEscrowId);
    }
}
