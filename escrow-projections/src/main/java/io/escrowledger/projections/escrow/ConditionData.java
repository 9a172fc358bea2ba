package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.ConditionType;
import io.escrowledger.domain.escrow.ReleaseCondition;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A release condition on the wire: its type's own fields, then the free-form details, as the integrator gave them.
 * The /v1 API shows it with its {@code type} beside these fields; the /subcent API shows these as {@code condition_data}.
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
        switch (condition.type()) {
            case TIME_RELEASE -> data.put("release_at", condition.releaseAt().toString());
            case ORACLE_CONFIRMATION -> {
                data.put("oracle_id", condition.oracleId());
                if (condition.oracleEvent() != null) {
                    data.put("event", condition.oracleEvent());
                }
            }
            case MULTI_SIG_APPROVAL -> {
                data.put("approvers", condition.approvers());
                data.put("threshold", condition.threshold());
            }
            case DELIVERY_CONFIRMATION -> {
                // Its data is all free-form.
            }
        }
        data.putAll(condition.details());
        return data;
    }

    /** The condition with its type, as the /v1 API and webhooks show it. */
    public static Map<String, Object> withType(ReleaseCondition condition) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("type", typeName(condition.type()));
        wire.putAll(of(condition));
        return wire;
    }
}
