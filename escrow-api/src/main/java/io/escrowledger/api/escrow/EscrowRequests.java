package io.escrowledger.api.escrow;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.escrowledger.api.web.MetadataRequest;
import io.escrowledger.domain.escrow.value.FeeRounding;
import io.escrowledger.domain.escrow.value.OracleOutcome;
import io.escrowledger.domain.serialization.ExactJson;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The JSON bodies integrators send, field for field as in the quick-start guide (snake_case on the wire).
 * Everything is nullable here: missing fields are reported together by {@link EscrowRequestValidator}.
 */
final class EscrowRequests {

    private EscrowRequests() {
    }

    /**
     * @param releaseCondition {@code {"type": ..., ...}}, read by {@link ConditionRequests}
     * @param expiresInHours   an alternative to {@code expires_at}, counted from the request
     */
    @Schema(name = "CreateEscrowRequest", description = "The terms of a new escrow.")
    record CreateEscrow(
            @Schema(requiredMode = REQUIRED, example = "order_12345",
                    description = "Your reference for the escrow: 1 to 128 characters, no control characters, unique "
                                  + "among your escrows.")
            String externalId,
            @Schema(requiredMode = REQUIRED, example = "USD",
                    description = "An ISO 4217 code with minor units (USD, EUR, JPY, KWD...) or USDC (6 decimals).")
            String currency,
            @Schema(requiredMode = REQUIRED, example = "50000",
                    description = "The whole amount in integer minor units of `currency`, 1 to 9007199254740991; the "
                                  + "milestones' amounts add up to it exactly.")
            Long totalAmount,
            @Schema(requiredMode = REQUIRED,
                    description = "1 to 100 milestones, in order; their amounts add up to `total_amount`.")
            List<Milestone> milestones,
            @Schema(description = "Fund the escrow from a vault at creation; without it, you declare the funds held "
                                  + "later (payment-status).")
            Funding funding,
            @Schema(example = "agent_42",
                    description = "With `funding` only: the paying party (client), 1 to 128 of `A-Z a-z 0-9 _ . -`.")
            String clientId,
            @Schema(example = "merchant_7",
                    description = "With `funding` only: the party released money goes to (contractor), 1 to 128 of "
                                  + "`A-Z a-z 0-9 _ . -`.")
            String contractorId,
            @Schema(type = "object", implementation = Object.class,
                    additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                    example = "{\"type\": \"multi_sig_approval\", \"approvers\": [\"ops_anna\", \"ops_ben\", "
                              + "\"ops_carl\"], \"threshold\": 2, \"ticket\": \"OPS-1234\"}",
                    description = "Optional: releases everything still held once met, without a release call. An "
                                  + "object with `type` and that type's fields, each optional: `time_release`: "
                                  + "`release_at` (RFC 3339, in the future and before the expiry; without it, the "
                                  + "money is released at the expiry, which is then required); `oracle_confirmation`: "
                                  + "`oracle_id` (1 to 128 of `A-Z a-z 0-9 _ . -`; without it, a report naming any "
                                  + "oracle counts) and `event` (1 to 256 characters); `multi_sig_approval`: "
                                  + "`approvers` (1 to 20 distinct ids; without them, any approver counts) and "
                                  + "`threshold` (1 to the number of approvers, or to 20; without it, 2, or every "
                                  + "approver when fewer are named); `delivery_confirmation`: none. Any other field "
                                  + "is a free-form detail: at most 32, names 1 to 64 of `A-Z a-z 0-9 _ . -`, string "
                                  + "values of at most 512 characters.")
            ExactJson releaseCondition,
            @Schema(format = "date-time", example = "2025-03-15T00:00:00Z",
                    description = "Optional RFC 3339 date-time with an offset, in the future: what is still held then "
                                  + "goes back to the client. Not together with `expires_in_hours`. Without either, "
                                  + "the escrow never expires, except a vault-funded one (24 hours).")
            String expiresAt,
            @Schema(example = "72",
                    description = "Optional alternative to `expires_at`, counted from the request: more than 0, at "
                                  + "most 87600, a whole number of milliseconds (0.5 is fine).")
            BigDecimal expiresInHours,
            @Schema(example = "72",
                    description = "Optional inspection period, 1 to 8760 hours, for every milestone that names none "
                                  + "of its own: a milestone is released that many hours after its first deliverable "
                                  + "unless a dispute is opened first.")
            Integer inspectionPeriodHours,
            @Schema(description = "Optional: the platform's fee on every milestone without a `platform_fee` of its "
                                  + "own, worked out once on their sum and shared among them in proportion to their "
                                  + "amounts (docs/api.md, \"Platform fees\"). Taken from what is released; a refund "
                                  + "returns it unless `refund_fee` is false.")
            PlatformFee platformFee,
            @Schema(example = "clk_01a1fd71-8fb0-77f8-9808-a85ef68be7fc",
                    description = "Optional: one of your test clocks (docs/api.md, \"Test clocks\"). The escrow "
                                  + "then lives in the clock's time: it is created at the clock's `frozen_time`, and "
                                  + "its expiry, deadlines, time release and inspection periods fire only when the "
                                  + "clock is advanced past them. Refused where test clocks are switched off.")
            String testClock,
            @Schema(example = "{\"order_id\": \"ord_8812\"}",
                    description = "Optional: your own key/value pairs on the escrow. " + MetadataRequest.CHANGES)
            Map<String, String> metadata) {
    }

    @Schema(name = "UpdateEscrowMetadataRequest",
            description = "Changes to the metadata of the escrow and of some of its milestones (docs/api.md, "
                          + "\"Metadata\"); at least one of the two.")
    record UpdateMetadata(
            @Schema(example = "{\"order_id\": \"ord_8812\", \"channel\": \"\"}",
                    description = "Changes to the escrow's metadata. " + MetadataRequest.CHANGES)
            Map<String, String> metadata,
            @Schema(description = "Changes to milestones' metadata, by milestone id (each must be one of the "
                                  + "escrow's), e.g. `{\"ms_design\": {\"sku\": \"DESIGN-2\"}}`; milestones not "
                                  + "named keep theirs.")
            Map<String, Map<String, String>> milestones) {
    }

    @Schema(name = "PlatformFeeRequest",
            description = "The platform's fee: either `amount` (fixed, integer minor units) or `basis_points` (1 = "
                          + "0.01%) with an optional `rounding`. It may not exceed what it is taken from.")
    record PlatformFee(
            @Schema(example = "500", description = "A fixed fee in integer minor units of the escrow's currency, 1 "
                                                   + "to 9007199254740991. Not together with `basis_points`.")
            Long amount,
            @Schema(example = "250", description = "A fee of this many hundredths of a percent, 1 to 10000. Not "
                                                   + "together with `amount`.")
            Integer basisPoints,
            @Schema(example = "half_up",
                    description = "With `basis_points` only: how the fee is rounded to the minor unit. `half_up` (the "
                                  + "default: 26.5 becomes 27), `half_even` (26.5 becomes 26), `up` (any fraction "
                                  + "becomes the next unit) or `down` (fractions are dropped).")
            FeeRoundingName rounding) {
    }

    /** The wire names of the fee's rounding rules; each constant is named as its FeeRounding (EscrowWireNamesTest). */
    enum FeeRoundingName {
        @JsonProperty("half_up") HALF_UP,
        @JsonProperty("half_even") HALF_EVEN,
        @JsonProperty("up") UP,
        @JsonProperty("down") DOWN;

        FeeRounding domain() {
            return FeeRounding.valueOf(name());
        }
    }

    /** Fund the escrow from a vault at creation. */
    @Schema(name = "FundingRequest", description = "The vault that funds the escrow at creation.")
    record Funding(
            @Schema(requiredMode = REQUIRED, example = "550e8400-e29b-41d4-a716-446655440000",
                    description = "The vault's id (a UUID); its available balance must cover `total_amount`, in the "
                                  + "escrow's currency.")
            String vaultId) {
    }

    @Schema(name = "MilestoneRequest", description = "One milestone of a new escrow.")
    record Milestone(
            @Schema(requiredMode = REQUIRED, example = "ms_design",
                    description = "1 to 64 of `A-Z a-z 0-9 _ . : -`, unique within the escrow.")
            String milestoneId,
            @Schema(requiredMode = REQUIRED, example = "20000",
                    description = "Integer minor units of the escrow's currency, 1 to 9007199254740991.")
            Long amount,
            @Schema(format = "date-time", example = "2025-02-01T00:00:00Z",
                    description = "Optional RFC 3339 date-time with an offset; past deadlines are accepted. A "
                                  + "deadline that passes with nothing delivered marks the milestone overdue.")
            String deadline,
            @Schema(example = "72",
                    description = "Optional inspection period, 1 to 8760 hours (overrides the escrow's "
                                  + "`inspection_period_hours`): the milestone is released that many hours after its "
                                  + "first deliverable unless a dispute is opened first.")
            Integer inspectionPeriodHours,
            @Schema(description = "Optional: this milestone's own platform fee, on its amount, in place of the "
                                  + "escrow's.")
            PlatformFee platformFee,
            @Schema(example = "{\"sku\": \"DESIGN-1\"}",
                    description = "Optional: your own key/value pairs on the milestone. " + MetadataRequest.CHANGES)
            Map<String, String> metadata) {
    }

    @Schema(name = "PaymentStatusRequest",
            description = "What your payment system says about the escrow's money: held, failed before funding, or "
                          + "reversed after it.")
    record PaymentStatus(
            @Schema(requiredMode = REQUIRED, example = "pi_stripe_xyz",
                    description = "Your payment system's reference for the payment, 1 to 255 characters. A reversal "
                                  + "names the payment that funded the escrow.")
            String externalPaymentRef,
            @Schema(requiredMode = REQUIRED, example = "FUNDS_HELD",
                    description = "`FUNDS_HELD` funds a CREATED escrow; `PAYMENT_FAILED` records that a payment failed "
                                  + "before funding (the escrow stays CREATED); `FUNDS_REVERSED` records a reversal "
                                  + "(chargeback) of the funding payment: the escrow is frozen, releases are refused, "
                                  + "a refund or a dispute is still possible (docs/state-machine.md).")
            DeclaredStatus status,
            @Schema(example = "card_declined",
                    description = "Why the payment failed or was reversed, 1 to 500 characters: required with "
                                  + "`PAYMENT_FAILED` and `FUNDS_REVERSED`, not allowed with `FUNDS_HELD`.")
            String reason,
            @Schema(format = "date-time", example = "2025-01-15T10:30:00Z",
                    description = "Optional: when your payment system started holding the money (or saw it fail, or "
                                  + "reversed), RFC 3339 with an offset; the time the request is received when absent.")
            String declaredAt) {
    }

    enum DeclaredStatus {
        FUNDS_HELD,
        PAYMENT_FAILED,
        FUNDS_REVERSED
    }

    @Schema(name = "CancelEscrowRequest", description = "Why an escrow that was never funded is called off.")
    record Cancel(
            @Schema(requiredMode = REQUIRED, example = "Buyer abandoned the order",
                    description = "Why the escrow is cancelled, 1 to 500 characters.")
            String reason) {
    }

    @Schema(name = "DeliverableRequest", description = "The work delivered for a milestone.")
    record Deliverable(
            @Schema(requiredMode = REQUIRED, example = "ms_design",
                    description = "The milestone delivered; it must still be held (FUNDED or DELIVERED).")
            String milestoneId,
            @Schema(requiredMode = REQUIRED, description = "Where the deliverable lives and the hash of its content.")
            Reference reference) {
    }

    @Schema(name = "ReferenceRequest", description = "Where a deliverable or a piece of evidence lives, and the hash "
                                                     + "of its content; the service stores the reference, never the "
                                                     + "content.")
    record Reference(
            @Schema(requiredMode = REQUIRED, example = "external_reference",
                    description = "Always `external_reference`.")
            ReferenceType type,
            @Schema(requiredMode = REQUIRED, example = "github", description = "Who hosts it, 1 to 64 characters.")
            String provider,
            @Schema(requiredMode = REQUIRED, format = "uri", example = "https://github.com/org/repo/pull/42",
                    description = "An absolute URI of at most 2048 characters.")
            String uri,
            @Schema(requiredMode = REQUIRED, example = "sha256:e3b0c44298fc1c149afbf4c8996fb924",
                    description = "`algorithm:value`: a lower-case algorithm (1 to 32 of `a-z 0-9 -`), then 1 to 512 "
                                  + "printable ASCII characters.")
            String contentHash) {
    }

    enum ReferenceType {
        @JsonProperty("external_reference") EXTERNAL_REFERENCE;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Schema(name = "ApprovalRequest", description = "One approver's approval of a multi-signature escrow.")
    record Approval(
            @Schema(requiredMode = REQUIRED, example = "ops_anna",
                    description = "One of the condition's `approvers`, 1 to 128 of `A-Z a-z 0-9 _ . -`.")
            String approverId) {
    }

    @Schema(name = "OracleConfirmationRequest", description = "The escrow's oracle reports on its event.")
    record OracleConfirmation(
            @Schema(requiredMode = REQUIRED, example = "oracle_fedex",
                    description = "The condition's `oracle_id`, 1 to 128 of `A-Z a-z 0-9 _ . -`.")
            String oracleId,
            @Schema(requiredMode = REQUIRED, example = "confirmed",
                    description = "`confirmed` releases everything held; `rejected` refunds it.")
            OracleOutcomeName outcome) {
    }

    /** The wire names of an oracle's outcomes; each constant is named as its OracleOutcome (EscrowWireNamesTest). */
    enum OracleOutcomeName {
        @JsonProperty("confirmed") CONFIRMED,
        @JsonProperty("rejected") REJECTED;

        OracleOutcome domain() {
            return OracleOutcome.valueOf(name());
        }
    }

    @Schema(name = "DeliveryConfirmationRequest", description = "A confirmation that delivery took place.")
    record DeliveryConfirmation(
            @Schema(requiredMode = REQUIRED, example = "buyer_42",
                    description = "Who confirms the delivery, 1 to 128 characters.")
            String confirmedBy) {
    }

    /** Body of a release; optional, and without a milestone id every held milestone is meant. */
    @Schema(name = "MoveFundsRequest", description = "The optional body of a release.")
    record MoveFunds(
            @Schema(example = "ms_design",
                    description = "The one milestone to release (it must still be held); without it, every "
                                  + "milestone still held.")
            String milestoneId,
            @Schema(example = "8000",
                    description = "With `milestone_id` only: release this part of what the milestone still holds "
                                  + "(integer minor units, 1 to its `remaining_amount`); the rest stays held. Without "
                                  + "it, everything the milestone still holds.")
            Long amount) {
    }

    /** Body of a refund; optional, and without a milestone id every held milestone is meant. */
    @Schema(name = "RefundRequest", description = "The optional body of a refund.")
    record Refund(
            @Schema(example = "ms_design",
                    description = "The one milestone to refund (it must still be held); without it, every milestone "
                                  + "still held.")
            String milestoneId,
            @Schema(example = "5000",
                    description = "With `milestone_id` only: refund this part of what the milestone still holds "
                                  + "(integer minor units, 1 to its `remaining_amount`); the rest stays held. Without "
                                  + "it, everything the milestone still holds.")
            Long amount,
            @Schema(example = "true",
                    description = "Whether the platform returns its fee on the refunded money (the default: the client "
                                  + "gets the whole gross back) or keeps it (`false`: the client gets the gross less "
                                  + "the fee), as Stripe's `refund_application_fee`. A refund conceding an open "
                                  + "dispute always returns it.")
            Boolean refundFee) {
    }
}
