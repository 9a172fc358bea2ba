package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.value.ReleaseCondition;

import java.time.Instant;
import java.util.List;

/**
 * An escrow's release condition and how far it has come.
 *
 * @param metAt when the condition was met, or null
 * @param steps approvals, oracle reports and delivery confirmations, in the order they were recorded
 */
public record ConditionView(ReleaseCondition terms, Instant metAt, List<Step> steps) {

    public ConditionView {
        steps = List.copyOf(steps);
    }

    ConditionView withSteps(List<Step> recorded) {
        return new ConditionView(terms, metAt, recorded);
    }

    /**
     * One step towards the condition.
     *
     * @param kind    approval, oracle_report or delivery_confirmation
     * @param partyId the approver, the oracle, or who confirmed the delivery
     * @param outcome an oracle report's outcome (CONFIRMED or REJECTED); null for the other kinds
     */
    public record Step(String kind, String partyId, String outcome, Instant at) {
    }
}
