package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.value.ConditionType;
import io.escrowledger.domain.escrow.value.ReleaseCondition;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A release condition on the wire: its type's own fields that were given (an absent one has its default), then the
 * free-form details exactly as the integrator gave them. The /v1 API shows it with its {@code type} beside these
 * fields; the /subcent API shows these as {@code condition_data}.
 */
public final class ConditionData {

    private ConditionData() {
    }

    /** The wire name of a condition type: {@code multi_sig_approval}. */
    public static String typeName(ConditionType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    public static Map<String, Object> of(ReleaseCondition condition) {
        Map<String, Object> data = new LinkedHashMap<>();
        putIfGiven(data, "release_at", condition.releaseAt() == null ? null : condition.releaseAt().toString());
        putIfGiven(data, "oracle_id", condition.oracleId());
        putIfGiven(data, "event", condition.oracleEvent());
        putIfGiven(data, "approvers", condition.approvers());
        putIfGiven(data, "threshold", condition.threshold());
        // ExactJson writes itself as the JSON it was given.
        data.putAll(condition.details());
        return data;
    }

    /** Only the fields of the condition's type are ever set. */
    private static void putIfGiven(Map<String, Object> data, String name, Object value) {
        if (value != null) {
            data.put(name, value);
        }
    }

    /** The condition with its type, as the /v1 API and webhooks show it. */
    public static Map<String, Object> withType(ReleaseCondition condition) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("type", typeName(condition.type()));
        wire.putAll(of(condition));
        return wire;
    }
}
