package io.escrowledger.api.openapi;

import io.escrowledger.projections.webhook.WebhookEventType;
import io.escrowledger.projections.webhook.WebhookPayloads;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.DateTimeSchema;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.escrowledger.projections.webhook.WebhookEventType.*;

/**
 * The webhook contract (docs/webhooks.md) as schemas: {@code WebhookEvent} is the body every endpoint receives, one
 * envelope per event type with that type's {@code data}. OpenAPI 3.0 has no {@code webhooks} section, so the
 * document lists them under {@code x-webhooks} as well, the extension Redoc shows.
 */
final class WebhookSchemas {

    private WebhookSchemas() {
    }

    static void addTo(Components components) {
        Map<String, Schema<?>> dataSchemas = dataSchemas();
        dataSchemas.forEach(components::addSchemas);
        components.addSchemas("WebhookEventType", eventTypes());
        components.addSchemas("WebhookEnvelope", envelope());
        Discriminator discriminator = new Discriminator().propertyName("type");
        ComposedSchema event = new ComposedSchema();
        event.description("The body of every webhook message: the envelope and, by `type`, its `data`. Verify the "
                          + "signature on the raw body before parsing it (docs/webhooks.md).");
        dataByType().forEach((type, dataSchema) -> {
            String envelopeName = dataSchema.replace("Data", "") + "Webhook";
            if (!components.getSchemas().containsKey(envelopeName)) {
                components.addSchemas(envelopeName, typedEnvelope(dataSchema));
                event.addOneOfItem(ref(envelopeName));
            }
            discriminator.mapping(type.name(), "#/components/schemas/" + envelopeName);
        });
        event.discriminator(discriminator);
        components.addSchemas("WebhookEvent", event);
    }

    /**
     * What an endpoint receives, as Redoc's {@code x-webhooks} extension expects: one POST of a {@code WebhookEvent}
     * with the Standard Webhooks headers. It carries no API key: the signature header is the authentication.
     */
    static Map<String, PathItem> webhooks() {
        Operation receive = new Operation()
                .operationId("receiveEscrowEvent")
                .summary("An event of one of your escrows")
                .description("Verify `webhook-signature` over the raw body before parsing it; deduplicate on "
                             + "`webhook-id`; order by `sequence` (docs/webhooks.md).")
                .addParametersItem(webhookHeader("webhook-id", "The message id, the same on every retry"))
                .addParametersItem(webhookHeader("webhook-timestamp", "The attempt's Unix time in seconds"))
                .addParametersItem(webhookHeader("webhook-signature",
                        "`v1,` and the base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}`; two, "
                        + "space-separated, while a secret rotates"))
                .requestBody(new RequestBody().required(true).content(new Content().addMediaType(
                        "application/json", new MediaType().schema(ref("WebhookEvent")))))
                .responses(new ApiResponses().addApiResponse("2XX", new ApiResponse()
                        .description("Received; any other answer, or none within 10 s, is retried")));
        receive.setSecurity(List.of());
        return Map.of("escrowEvent", new PathItem().post(receive));
    }

    private static HeaderParameter webhookHeader(String name, String description) {
        return (HeaderParameter) new HeaderParameter().name(name).required(true).description(description)
                                                      .schema(new StringSchema());
    }

    /** Which {@code data} schema each event type carries; several types share one. */
    static Map<WebhookEventType, String> dataByType() {
        Map<WebhookEventType, String> byType = new LinkedHashMap<>();
        byType.put(ESCROW_CREATED, "EscrowCreatedData");
        byType.put(ESCROW_FUNDED, "EscrowFundedData");
        byType.put(DELIVERABLE_SUBMITTED, "DeliverableSubmittedData");
        byType.put(MILESTONE_RELEASED, "MilestoneMoneyMovedData");
        byType.put(MILESTONE_REFUNDED, "MilestoneMoneyMovedData");
        byType.put(ESCROW_RELEASED, "EscrowClosedData");
        byType.put(ESCROW_REFUNDED, "EscrowClosedData");
        byType.put(ESCROW_SETTLED, "EscrowClosedData");
        byType.put(ESCROW_RESOLVED, "EscrowClosedData");
        byType.put(DISPUTE_OPENED, "DisputeOpenedData");
        byType.put(EVIDENCE_SUBMITTED, "EvidenceSubmittedData");
        byType.put(EVIDENCE_LOCKED, "EvidenceLockedData");
        byType.put(RECOMMENDATION_ISSUED, "RecommendationIssuedData");
        byType.put(DISPUTE_RESOLVED, "DisputeResolvedData");
        byType.put(ESCROW_EXPIRED, "EscrowExpiredData");
        byType.put(MILESTONE_OVERDUE, "MilestoneOverdueData");
        byType.put(INSPECTION_PERIOD_ELAPSED, "InspectionPeriodElapsedData");
        byType.put(CONDITION_PROGRESS, "ConditionProgressData");
        byType.put(ESCROW_CANCELLED, "EscrowCancelledData");
        byType.put(PAYMENT_FAILED, "PaymentFailedData");
        byType.put(FUNDS_REVERSED, "FundsReversedData");
        byType.put(PAYOUT_TRANSFER_RECORDED, "PayoutTransferRecordedData");
        byType.put(PAYOUT_UNRECONCILED, "PayoutUnreconciledData");
        byType.put(ESCROW_METADATA_UPDATED, "EscrowMetadataUpdatedData");
        byType.put(DISPUTE_METADATA_UPDATED, "DisputeMetadataUpdatedData");
        return byType;
    }

    private static Map<String, Schema<?>> dataSchemas() {
        Map<String, Schema<?>> schemas = new LinkedHashMap<>();
        schemas.put("EscrowCreatedData", object(
                "external_id", nullable(text()).description("`null` for an escrow created through /subcent"),
                "currency", text(),
                "total_amount", amount(),
                "milestones", new ArraySchema().items(object(
                        "milestone_id", text(), "amount", amount(), "deadline", nullable(time()),
                        "platform_fee", feeTerms(), "fee_amount", amount(),
                        "inspection_period_hours", nullable(new IntegerSchema())
                                .description("Hours after its first deliverable it is released unless disputed"),
                        "metadata", metadata())),
                "release_condition", nullable(new ObjectSchema())
                        .description("`{type, …}` as in the escrow's `release_condition`"),
                "expires_at", nullable(time()),
                "platform_fee", feeTerms(),
                "fee_amount", amount().description("The platform's whole fee over the milestones"),
                "metadata", metadata()));
        schemas.put("EscrowMetadataUpdatedData", object("metadata", metadata().description("The escrow's whole "
                        + "metadata after the change"),
                "milestones", new ArraySchema().items(object("milestone_id", text(), "metadata", metadata()))
                        .description("Each milestone whose metadata changed, with its whole metadata after it")));
        schemas.put("DisputeMetadataUpdatedData", object("dispute_id", text(),
                "metadata", metadata().description("The dispute's whole metadata after the change")));
        schemas.put("EscrowFundedData", optionalFields(object(
                "external_payment_ref", text().description("When the funds were declared held"),
                "declared_at", nullable(time()),
                "vault_id", text().description("When the escrow was funded from a vault"),
                "client_id", text(),
                "contractor_id", text(),
                "currency", text(),
                "held_amount", amount()), "currency", "held_amount"));
        schemas.put("DeliverableSubmittedData", object("milestone_id", text(), "reference", reference()));
        schemas.put("MilestoneMoneyMovedData", optionalFields(object("milestone_id", text(), "currency", text(),
                "amount", amount().description("The gross"),
                "fee_amount", amount().description("The platform's fee taken from it (for a refund: kept)"),
                "net_amount", amount().description("What the party gets: amount - fee_amount"),
                "remaining_amount", amount().description("What the milestone still holds after it"),
                "fee_returned_amount", amount().description("Refunds only: the fee share the platform gave up")),
                "milestone_id", "currency", "amount", "fee_amount", "net_amount", "remaining_amount"));
        schemas.put("EscrowClosedData", object("state", text(), "currency", text(),
                "released_amount", amount(), "refunded_amount", amount()));
        schemas.put("DisputeOpenedData", object("dispute_id", text(), "reason_code", text(),
                "statement", nullable(text()), "opened_by", actor(), "currency", text(), "held_amount", amount(),
                "evidence_due_by", nullable(time()).description("When the evidence locks by itself; `null` for never"),
                "metadata", metadata()));
        schemas.put("EvidenceSubmittedData", object("dispute_id", text(), "evidence_id", text(),
                "submitted_by", actor(), "reference", reference()));
        schemas.put("EvidenceLockedData", object("dispute_id", text(), "evidence_count", new IntegerSchema(),
                "evidence_digest", text(),
                "locked_by", new StringSchema()._enum(List.of("integrator", "evidence_deadline")),
                "locked_at", time()));
        schemas.put("RecommendationIssuedData", object("dispute_id", text(), "recommendation", text(),
                "confidence", new NumberSchema(),
                "signals", new ArraySchema().items(text()).description("The rules that fired, in order"), "suggested_ratio", ratio(),
                "engine_version", text()));
        schemas.put("DisputeResolvedData", object("dispute_id", text(), "outcome", text(), "final_ratio", ratio(),
                "currency", text(), "payout", object("client", amount(), "contractor", amount()),
                "payout_breakdown", object("client", feeSplit(), "contractor", feeSplit()),
                "fee_returned_amount", amount().description("The client's share of the fee due, given up"),
                "justification", nullable(text())));
        schemas.put("EscrowExpiredData", object("expired_at", time(), "currency", text(), "held_amount", amount(),
                "open_dispute_id", nullable(text())));
        schemas.put("MilestoneOverdueData", object("milestone_id", text(), "deadline", time()));
        schemas.put("InspectionPeriodElapsedData", object("milestone_id", text(),
                "inspection_period_hours", new IntegerSchema(),
                "delivered_at", time().description("The first deliverable, which started the period"),
                "elapsed_at", time().description("The end of the period: the release's time")));
        schemas.put("EscrowCancelledData", object("reason", text(), "cancelled_at", time()));
        schemas.put("PaymentFailedData", object("external_payment_ref", text(), "reason", text(),
                "declared_at", time()));
        schemas.put("FundsReversedData", object("external_payment_ref", text(), "reason", text(), "currency", text(),
                "held_amount", amount(), "open_dispute_id", nullable(text()), "declared_at", time()));
        schemas.put("PayoutTransferRecordedData", object("payout_id", text(), "reference", text(), "party", party(),
                "currency", text(), "amount", amount(), "expected_amount", amount(), "transferred_amount", amount(),
                "status", payoutStatus(), "executed_at", time()));
        schemas.put("PayoutUnreconciledData", object("payout_id", text(), "party", party(), "currency", text(),
                "expected_amount", amount(), "transferred_amount", amount(), "status", payoutStatus(),
                "expected_at", time()));
        schemas.put("ConditionProgressData", optionalFields(object(
                "step", new StringSchema()._enum(List.of("approval", "oracle_report", "delivery_confirmation",
                        "condition_met")),
                "approver_id", text(), "approvals", new IntegerSchema(), "threshold", new IntegerSchema(),
                "oracle_id", text(), "outcome", new StringSchema()._enum(List.of("confirmed", "rejected")),
                "confirmed_by", text(),
                "condition_type", text(), "met_at", time()), "step")
                .description("`step` says which of the other fields are present (docs/webhooks.md)"));
        return schemas;
    }

    private static Schema<?> envelope() {
        return object(
                "id", text().description("The event's id: the same for every endpoint and every replay"),
                "type", ref("WebhookEventType"),
                "api_version", text().example(WebhookPayloads.API_VERSION),
                "created_at", time(),
                "escrow_id", text(),
                "sequence", new IntegerSchema().format("int64")
                        .description("The event's position in the escrow's history: 0, 1, 2 …"),
                "test_clock", nullable(text()).description("The test clock the escrow runs on; `null` for real "
                                                           + "time"),
                "data", new ObjectSchema());
    }

    private static Schema<?> typedEnvelope(String dataSchema) {
        // The second part only narrows data; the envelope's other fields are the first part's.
        Schema<?> typedData = new ObjectSchema().addProperty("data", ref(dataSchema)).additionalProperties(true);
        return new ComposedSchema().addAllOfItem(ref("WebhookEnvelope")).addAllOfItem(typedData);
    }

    private static Schema<String> eventTypes() {
        StringSchema types = new StringSchema();
        Arrays.stream(WebhookEventType.values()).map(Enum::name).forEach(types::addEnumItem);
        return types;
    }

    /** An object whose properties are all required: absent fields are sent as {@code null}, never left out. */
    private static Schema<?> object(Object... namesAndSchemas) {
        ObjectSchema object = new ObjectSchema();
        for (int i = 0; i < namesAndSchemas.length; i += 2) {
            object.addProperty((String) namesAndSchemas[i], (Schema<?>) namesAndSchemas[i + 1]);
            object.addRequiredItem((String) namesAndSchemas[i]);
        }
        return object;
    }

    private static Schema<?> optionalFields(Schema<?> object, String... required) {
        object.setRequired(List.of(required));
        return object;
    }

    /** Metadata: string values by key, sorted by key; {@code {}} for none. */
    private static Schema<?> metadata() {
        return new ObjectSchema().additionalProperties(new StringSchema()).description("Your key/value pairs");
    }

    private static Schema<?> reference() {
        return object("type", text(), "provider", nullable(text()), "uri", text(), "content_hash", nullable(text()));
    }

    private static Schema<?> actor() {
        return object("actor_id", text(), "actor_role", text());
    }

    private static Schema<?> ratio() {
        return object("client", new NumberSchema(), "contractor", new NumberSchema());
    }

    private static Schema<?> party() {
        return new StringSchema()._enum(List.of("CLIENT", "CONTRACTOR"));
    }

    private static Schema<?> payoutStatus() {
        return new StringSchema()._enum(List.of("UNRECONCILED", "PARTIALLY_RECONCILED", "RECONCILED", "OVER_PAID"));
    }

    /** The fee terms as given: {@code {amount}} or {@code {basis_points, rounding}}; null for none. */
    private static Schema<?> feeTerms() {
        Schema<?> terms = object("amount", amount(), "basis_points", new IntegerSchema(),
                "rounding", new StringSchema()._enum(List.of("half_up", "half_even", "up", "down")));
        terms.setRequired(null); // one of the two forms: either amount, or basis_points and rounding
        return nullable(terms).description("`{amount}` (fixed) or `{basis_points, rounding}`; null for none");
    }

    private static Schema<?> feeSplit() {
        return object("gross", amount(), "fee", amount(), "net", amount()).description("gross = fee + net");
    }

    private static Schema<?> amount() {
        return new IntegerSchema().format("int64").description("Minor units");
    }

    private static Schema<String> text() {
        return new StringSchema();
    }

    private static Schema<?> time() {
        return new DateTimeSchema();
    }

    private static <T extends Schema<?>> T nullable(T schema) {
        schema.setNullable(true);
        return schema;
    }

    private static Schema<?> ref(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }
}
