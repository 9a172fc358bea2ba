package io.escrowledger.api.escrow;

import io.escrowledger.api.web.Validator;
import io.escrowledger.domain.escrow.ConditionType;
import io.escrowledger.domain.escrow.ReleaseCondition;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a release condition and an expiry from a request, for both the /v1 API ({@code release_condition} with its
 * {@code type} inside) and the /subcent API ({@code condition_type} beside {@code condition_data}). Shapes only: the
 * rules that need the escrow (a threshold within its approvers, a release before the expiry) are the aggregate's.
 */
public final class ConditionRequests {

    static final int MAX_DETAILS = 32;
    private static final Pattern DETAIL_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** Ten years: longer is a mistake, not a plan. */
    private static final BigDecimal MAX_HOURS = BigDecimal.valueOf(87_600);
    private static final String TYPES = Arrays.stream(ConditionType.values())
                                              .map(type -> type.name().toLowerCase(Locale.ROOT))
                                              .collect(Collectors.joining(", "));

    private ConditionRequests() {
    }

    /** The /v1 form: an object with {@code type} and that type's fields; null when absent. */
    static ReleaseCondition fromObject(Validator check, String field, JsonNode condition) {
        if (condition == null || condition.isNull()) {
            return null;
        }
        if (!condition.isObject()) {
            check.reject(field, "must be an object with a type");
            return null;
        }
        JsonNode type = condition.get("type");
        return parse(check, field + ".type", type == null || !type.isString() ? null : type.asString(), field,
                condition, "type");
    }

    /** The /subcent form: {@code condition_type} and an optional {@code condition_data} object. */
    public static ReleaseCondition fromTypeAndData(Validator check, String type, JsonNode data) {
        if (data != null && !data.isNull() && !data.isObject()) {
            check.reject("condition_data", "must be an object");
            return null;
        }
        return parse(check, "condition_type", type, "condition_data", data, null);
    }

    private static ReleaseCondition parse(Validator check, String typeField, String typeName, String dataField,
                                          JsonNode data, String skippedKey) {
        ConditionType type = conditionType(check, typeField, typeName);
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        if (data != null && data.isObject()) {
            data.properties().forEach(entry -> {
                if (!entry.getKey().equals(skippedKey)) {
                    fields.put(entry.getKey(), entry.getValue());
                }
            });
        }
        if (type == null) {
            return null;
        }
        String path = dataField + ".";
        return switch (type) {
            case TIME_RELEASE -> {
                Instant releaseAt = check.time(path + "release_at", text(check, path + "release_at",
                        fields.remove("release_at")), true);
                yield ReleaseCondition.timeRelease(releaseAt, details(check, dataField, fields));
            }
            case ORACLE_CONFIRMATION -> {
                String oracleId = check.partyId(path + "oracle_id",
                        text(check, path + "oracle_id", fields.remove("oracle_id")), true);
                String event = optionalText(check, path + "event", fields.remove("event"));
                yield ReleaseCondition.oracleConfirmation(oracleId, event, details(check, dataField, fields));
            }
            case MULTI_SIG_APPROVAL -> {
                List<String> approvers = approvers(check, path + "approvers", fields.remove("approvers"));
                int threshold = threshold(check, path + "threshold", fields.remove("threshold"));
                yield ReleaseCondition.multiSigApproval(approvers, threshold, details(check, dataField, fields));
            }
            case DELIVERY_CONFIRMATION -> ReleaseCondition.deliveryConfirmation(details(check, dataField, fields));
        };
    }

    private static ConditionType conditionType(Validator check, String field, String name) {
        if (!check.present(field, name)) {
            return null;
        }
        for (ConditionType type : ConditionType.values()) {
            if (type.name().toLowerCase(Locale.ROOT).equals(name)) {
                return type;
            }
        }
        check.reject(field, "must be one of " + TYPES);
        return null;
    }

    /** Everything the type does not define is kept as given, as long as it is a short string. */
    private static Map<String, String> details(Validator check, String field, Map<String, JsonNode> rest) {
        if (rest.size() > MAX_DETAILS) {
            check.reject(field, "may hold at most " + MAX_DETAILS + " fields besides the condition's own");
            return Map.of();
        }
        Map<String, String> details = new LinkedHashMap<>();
        rest.forEach((key, value) -> {
            if (!DETAIL_KEY.matcher(key).matches()) {
                check.reject(field, "has a field name that is not 1 to 64 letters, digits, '_', '.' or '-'");
            } else if (!value.isString()) {
                check.reject(field + "." + key, "must be a string");
            } else if (check.text(field + "." + key, value.asString(), 0, 512) != null) {
                details.put(key, value.asString());
            }
        });
        return details;
    }

    private static String text(Validator check, String field, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            check.reject(field, "must be a string");
            return null;
        }
        return value.asString();
    }

    private static String optionalText(Validator check, String field, JsonNode value) {
        String text = text(check, field, value);
        return text == null ? null : check.text(field, text, 1, 256);
    }

    private static List<String> approvers(Validator check, String field, JsonNode value) {
        if (!check.present(field, value == null || value.isNull() ? null : value)) {
            return null;
        }
        if (!value.isArray()) {
            check.reject(field, "must be an array of approver ids");
            return null;
        }
        List<String> approvers = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String id = check.partyId(field + "[" + i + "]", text(check, field + "[" + i + "]", value.get(i)), true);
            if (id != null) {
                approvers.add(id);
            }
        }
        return approvers;
    }

    private static int threshold(Validator check, String field, JsonNode value) {
        if (!check.present(field, value == null || value.isNull() ? null : value)) {
            return 0;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToInt()) {
            check.reject(field, "must be a whole number");
            return 0;
        }
        return value.asInt();
    }

    /**
     * When the escrow expires: {@code expires_at}, or {@code expires_in_hours} from now; null when neither is given
     * (the aggregate then applies its default to a vault-funded escrow). Both at once is refused.
     */
    public static Instant expiry(Validator check, String expiresAt, BigDecimal expiresInHours, Instant now) {
        if (expiresAt != null && expiresInHours != null) {
            check.reject("expires_at", "cannot be given together with expires_in_hours");
            return null;
        }
        if (expiresAt != null) {
            return check.time("expires_at", expiresAt, true);
        }
        BigDecimal hours = expiresInHours;
        if (hours == null) {
            return null;
        }
        BigDecimal millis = hours.multiply(BigDecimal.valueOf(Duration.ofHours(1).toMillis()));
        if (hours.signum() <= 0 || hours.compareTo(MAX_HOURS) > 0 || millis.stripTrailingZeros().scale() > 0) {
            check.reject("expires_in_hours", "must be more than 0 and at most " + MAX_HOURS
                                             + " hours, to the millisecond");
            return null;
        }
        return now.plusMillis(millis.longValueExact());
    }
}
