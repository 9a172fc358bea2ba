package io.escrowledger.projections.dispute;

import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.DisputeState;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Which of an integrator's disputes to list; every filter given must match.
 *
 * @param states         only disputes in one of these states, or any when empty
 * @param reasons        only disputes opened for one of these reasons, or any when empty
 * @param dueBefore      only disputes whose evidence is due before this instant (none without a deadline), or any
 * @param escrowId       only the dispute of this escrow, or any when null
 * @param metadata       only disputes whose metadata has all these pairs, or any when empty
 * @param afterDisputeId the last dispute of the previous page, or null for the first page
 */
public record DisputeFilter(Set<DisputeState> states, Set<DisputeReason> reasons, Instant dueBefore, String escrowId,
                            Map<String, String> metadata, String afterDisputeId) {

    public DisputeFilter {
        states = Set.copyOf(states);
        reasons = Set.copyOf(reasons);
        metadata = Map.copyOf(metadata);
    }
}
