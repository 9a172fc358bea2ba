package io.escrowledger.api.escrow;

import io.escrowledger.api.web.Validator;
import io.escrowledger.domain.escrow.value.ConditionType;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import io.escrowledger.domain.serialization.ExactJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a release condition and an expiry from a request, for both the /v1 API ({@code release_condition} with its
 * {@code type} inside) and the /subcent API ({@code condition_type} beside {@code condition_data}). Every field of a
 * type is optional (ReleaseCondition says what its absence means). Shapes only: the rules that need the escrow (a
 * threshold within its approvers, a release before the expiry) are the aggregate's.
 */
public final class ConditionRequests {

    static final int MAX_DETAILS = 32;
    /** The most {@code condition_data} may take, written compactly: its stored form stays small. */
    public static final int MAX_CONDITION_DATA_BYTES = 4096;
    /**
     * How many objects and arrays deep {@code condition_data} may nest (the object itself is level 1): the events that
     * keep it nest it a few levels more, well within what the event store's reader takes.
     */
    public static final int MAX_CONDITION_DATA_DEPTH = 16;
    private static final Pattern DETAIL_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** Ten years: longer is a mistake, not a plan. */
    private static final BigDecimal MAX_HOURS = BigDecimal.valueOf(87_600);
    private static final String TYPES = Arrays.stream(ConditionType.values())
                                              .map(type -> type.name().toLowerCase(Locale.ROOT))
                                              .collect(Collectors.joining(", "));

    private ConditionRequests() {
    }

    /** The /v1 form: an object with {@code type} and that type's fields, details strings only; null when absent. */
    static ReleaseCondition fromObject(Validator check, String field, ExactJson condition) {
        if (absent(condition)) {
            return null;
        }
        if (!condition.isObject()) {
            check.reject(field, "must be an object with a type");
            return null;
        }
        Map<String, ExactJson> fields = condition.properties();
        JsonNode type = node(fields.remove("type"));
        ConditionType conditionType = conditionType(check, field + ".type", type.isString() ? type.asString() : null);
        return parse(check, conditionType, field, fields, rest -> stringDetails(check, field, rest));
    }

    /** The /subcent form: {@code condition_type} and an optional {@code condition_data}, any JSON object. */
    public static ReleaseCondition fromTypeAndData(Validator check, String type, ExactJson data) {
        ConditionType conditionType = conditionType(check, "condition_type", type);
        if (absent(data)) {
            return parse(check, conditionType, "condition_data", new LinkedHashMap<>(), rest -> rest);
        }
        if (!data.isObject()) {
            check.reject("condition_data", "must be an object");
            return null;
        }
        if (data.json().getBytes(StandardCharsets.UTF_8).length > MAX_CONDITION_DATA_BYTES) {
            check.reject("condition_data", "must be at most " + MAX_CONDITION_DATA_BYTES + " bytes of JSON");
            return null;
        }
        if (!plainJson(check, "condition_data", data.node(), 1)) {
            return null;
        }
        return parse(check, conditionType, "condition_data", data.properties(), rest -> rest);
    }

    /** The type's own fields, each taken out of {@code fields}; {@code details} makes the details of the rest. */
    private static ReleaseCondition parse(Validator check, ConditionType type, String dataField,
                                          Map<String, ExactJson> fields,
                                          UnaryOperator<Map<String, ExactJson>> details) {
        if (type == null) {
            return null;
        }
        String path = dataField + ".";
        return switch (type) {
            case TIME_RELEASE -> {
                Instant releaseAt = check.time(path + "release_at", text(check, path + "release_at",
                        node(fields.remove("release_at"))), false);
                yield ReleaseCondition.timeRelease(releaseAt, details.apply(fields));
            }
            case ORACLE_CONFIRMATION -> {
                String oracleId = check.partyId(path + "oracle_id",
                        text(check, path + "oracle_id", node(fields.remove("oracle_id"))), false);
                String event = optionalText(check, path + "event", node(fields.remove("event")));
                yield ReleaseCondition.oracleConfirmation(oracleId, event, details.apply(fields));
            }
            case MULTI_SIG_APPROVAL -> {
                List<String> approvers = approvers(check, path + "approvers", node(fields.remove("approvers")));
                Integer threshold = threshold(check, path + "threshold", node(fields.remove("threshold")));
                yield ReleaseCondition.multiSigApproval(approvers, threshold, details.apply(fields));
            }
            case DELIVERY_CONFIRMATION -> ReleaseCondition.deliveryConfirmation(details.apply(fields));
        };
    }

    private static boolean absent(ExactJson value) {
        return value == null || value.json().equals("null");
    }

    /** A field's value to look at; a missing field reads as JSON null. */
    private static JsonNode node(ExactJson value) {
        return value == null ? NullNode.getInstance() : value.node();
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

    /** The /v1 details: what the type does not define, kept as long as each is a short string (docs/api.md). */
    private static Map<String, ExactJson> stringDetails(Validator check, String field, Map<String, ExactJson> rest) {
        if (rest.size() > MAX_DETAILS) {
            check.reject(field, "may hold at most " + MAX_DETAILS + " fields besides the condition's own");
            return Map.of();
        }
        Map<String, ExactJson> details = new LinkedHashMap<>();
        rest.forEach((key, value) -> {
            JsonNode detail = value.node();
            if (!DETAIL_KEY.matcher(key).matches()) {
                check.reject(field, "has a field name that is not 1 to 64 letters, digits, '_', '.' or '-'");
            } else if (!detail.isString()) {
                check.reject(field + "." + key, "must be a string");
            } else if (check.text(field + "." + key, detail.asString(), 0, 512) != null) {
                details.put(key, value);
            }
        });
        return details;
    }

    /**
     * Any JSON, as long as its objects and arrays nest at most {@link #MAX_CONDITION_DATA_DEPTH} levels and its names
     * and strings are text a store can keep (no control characters, no unpaired surrogates).
     */
    private static boolean plainJson(Validator check, String field, JsonNode node, int depth) {
        if (node.isContainer() && depth > MAX_CONDITION_DATA_DEPTH) {
            check.reject(field, "must nest at most " + MAX_CONDITION_DATA_DEPTH + " levels deep");
            return false;
        }
        if (node.isString()) {
            return check.plainText(field, node.asString());
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (!plainJson(check, field + "[" + i + "]", node.get(i), depth + 1)) {
                    return false;
                }
            }
        }
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            if (!check.plainText(field, member.getKey())
                || !plainJson(check, field + "." + member.getKey(), member.getValue(), depth + 1)) {
                return false;
            }
        }
        return true;
    }

    private static String text(Validator check, String field, JsonNode value) {
        if (value.isNull()) {
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
        if (value.isNull()) {
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

    private static Integer threshold(Validator check, String field, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToInt()) {
            check.reject(field, "must be a whole number");
            return null;
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
