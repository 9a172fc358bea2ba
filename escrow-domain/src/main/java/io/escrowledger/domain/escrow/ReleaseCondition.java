package io.escrowledger.domain.escrow;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An escrow's release condition as agreed at creation. Only the fields of its type are set; {@code details} holds any
 * other free-form facts the integrator attached (a tracking number, a carrier), kept and shown as given.
 *
 * @param releaseAt   TIME_RELEASE: when the money is released
 * @param oracleId    ORACLE_CONFIRMATION: the only oracle whose report counts
 * @param oracleEvent ORACLE_CONFIRMATION: what the oracle confirms, optional
 * @param approvers   MULTI_SIG_APPROVAL: who may approve
 * @param threshold   MULTI_SIG_APPROVAL: how many distinct approvers must approve
 */
public record ReleaseCondition(ConditionType type,
                               Instant releaseAt,
                               String oracleId,
                               String oracleEvent,
                               List<String> approvers,
                               Integer threshold,
                               Map<String, String> details) {

    public ReleaseCondition {
        Objects.requireNonNull(type, "type");
        approvers = approvers == null ? null : List.copyOf(approvers);
        // Insertion order is kept, so the details are shown back in the order they were given.
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static ReleaseCondition timeRelease(Instant releaseAt, Map<String, String> details) {
        return new ReleaseCondition(ConditionType.TIME_RELEASE, releaseAt, null, null, null, null, details);
    }

    public static ReleaseCondition oracleConfirmation(String oracleId, String oracleEvent, Map<String, String> details) {
        return new ReleaseCondition(ConditionType.ORACLE_CONFIRMATION, null, oracleId, oracleEvent, null, null,
                details);
    }

    public static ReleaseCondition multiSigApproval(List<String> approvers, int threshold,
                                                    Map<String, String> details) {
        return new ReleaseCondition(ConditionType.MULTI_SIG_APPROVAL, null, null, null, approvers, threshold,
                details);
    }

    public static ReleaseCondition deliveryConfirmation(Map<String, String> details) {
        return new ReleaseCondition(ConditionType.DELIVERY_CONFIRMATION, null, null, null, null, null, details);
    }
}
