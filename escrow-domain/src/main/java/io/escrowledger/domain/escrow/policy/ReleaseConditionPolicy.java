package io.escrowledger.domain.escrow.policy;

import io.escrowledger.domain.escrow.value.ConditionType;
import io.escrowledger.domain.escrow.value.ReleaseCondition;

import java.time.Instant;

/**
 * The rules of one type of release condition, one named policy per type (as ddd-by-examples/library's
 * PlacingOnHoldPolicy): what its terms must say when the escrow is created, and, in each policy, who may take its
 * steps. Each field of a condition is optional ({@link ReleaseCondition} says what its absence means); given ones must
 * hold.
 */
public sealed interface ReleaseConditionPolicy
        permits TimeReleasePolicy, OracleConfirmationPolicy, MultiSigApprovalPolicy, DeliveryConfirmationPolicy {

    /**
     * Refuses terms this condition could not be met by.
     *
     * @param now    when the escrow is being created
     * @param expiry the escrow's expiry, null for never
     */
    void requireValidTerms(ReleaseCondition condition, Instant now, Instant expiry);

    static ReleaseConditionPolicy of(ConditionType type) {
        return switch (type) {
            case TIME_RELEASE -> new TimeReleasePolicy();
            case ORACLE_CONFIRMATION -> new OracleConfirmationPolicy();
            case MULTI_SIG_APPROVAL -> new MultiSigApprovalPolicy();
            case DELIVERY_CONFIRMATION -> new DeliveryConfirmationPolicy();
        };
    }
}
