package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.EscrowState;

/**
 * Which of an integrator's escrows to list.
 *
 * @param state           only escrows in this state, or any when null
 * @param externalId      only the escrow with this external id, or any when null
 * @param afterEscrowId   the last escrow of the previous page, or null for the first page
 */
public record EscrowFilter(EscrowState state, String externalId, String afterEscrowId) {
}
