package io.escrowledger.domain.escrow.value;

import io.escrowledger.domain.serialization.ExactJson;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An escrow's release condition as agreed at creation. Only the fields of its type are set, and each is optional (the
 * seed's condition_data is): a missing one has the default its accessor below describes. {@code details} holds any
 * other facts the integrator attached (a tracking number, a carrier, any JSON), kept and shown exactly as given.
 *
 * @param releaseAt   TIME_RELEASE: when the money is released; null for at the expiry
 * @param oracleId    ORACLE_CONFIRMATION: the only oracle whose report counts; null for any the integrator names
 * @param oracleEvent ORACLE_CONFIRMATION: what the oracle confirms, optional
 * @param approvers   MULTI_SIG_APPROVAL: who may approve; null for anyone the integrator names
 * @param threshold   MULTI_SIG_APPROVAL: how many distinct approvers must approve; null for the default
 */
public record ReleaseCondition(ConditionType type,
                               Instant releaseAt,
                               String oracleId,
                               String oracleEvent,
                               List<String> approvers,
                               Integer threshold,
                               Map<String, ExactJson> details) {

    /** "Multiple signature approvals": two, unless fewer approvers are named. */
    public static final int DEFAULT_APPROVALS = 2;

    public ReleaseCondition {
        Objects.requireNonNull(type, "type");
        approvers = approvers == null ? null : List.copyOf(approvers);
        // Insertion order is kept, so the details are shown back in the order they were given.
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** A time release without {@code release_at} releases at the escrow's expiry (which it then needs). */
    public boolean releasesAtExpiry() {
        return type == ConditionType.TIME_RELEASE && releaseAt == null;
    }

    /** Whether a report by this oracle counts: the named oracle's, or any the integrator names when none is. */
    public boolean acceptsOracle(String reportingOracleId) {
        return oracleId == null || oracleId.equals(reportingOracleId);
    }

    /** Whether this approver counts: one of the named approvers, or anyone the integrator names when none are. */
    public boolean acceptsApprover(String approverId) {
        return approvers == null || approvers.contains(approverId);
    }

    /** How many distinct approvals release the money: the threshold, or two (every named approver when fewer). */
    public int requiredApprovals() {
        if (threshold != null) {
            return threshold;
        }
        return approvers == null ? DEFAULT_APPROVALS : Math.min(DEFAULT_APPROVALS, approvers.size());
    }

    public static ReleaseCondition timeRelease(Instant releaseAt, Map<String, ExactJson> details) {
        return new ReleaseCondition(ConditionType.TIME_RELEASE, releaseAt, null, null, null, null, details);
    }

    public static ReleaseCondition oracleConfirmation(String oracleId, String oracleEvent,
                                                      Map<String, ExactJson> details) {
        return new ReleaseCondition(ConditionType.ORACLE_CONFIRMATION, null, oracleId, oracleEvent, null, null,
                details);
    }

    public static ReleaseCondition multiSigApproval(List<String> approvers, Integer threshold,
                                                    Map<String, ExactJson> details) {
        return new ReleaseCondition(ConditionType.MULTI_SIG_APPROVAL, null, null, null, approvers, threshold,
                details);
    }

    public static ReleaseCondition deliveryConfirmation(Map<String, ExactJson> details) {
        return new ReleaseCondition(ConditionType.DELIVERY_CONFIRMATION, null, null, null, null, null, details);
    }
}
