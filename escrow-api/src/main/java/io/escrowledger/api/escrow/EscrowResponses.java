package io.escrowledger.api.escrow;

import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.MilestoneState;
import io.escrowledger.domain.escrow.value.PlatformFee;
import io.escrowledger.projections.escrow.ConditionData;
import io.escrowledger.projections.escrow.ConditionView;
import io.escrowledger.projections.escrow.EscrowView;
import io.escrowledger.projections.escrow.MilestoneView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the escrow operations answer, as records the OpenAPI document is read from. */
final class EscrowResponses {

    private EscrowResponses() {
    }

    @Schema(name = "PaymentStatusAccepted", description = "The answer to a payment-status declaration.")
    record PaymentStatusAccepted(
            @Schema(allowableValues = "accepted", example = "accepted") String status,
            @Schema(example = "FUNDED",
                    description = "The escrow's state after the declaration: FUNDED (or RELEASED when a time release "
                                  + "was already due) for FUNDS_HELD, CREATED for PAYMENT_FAILED, the unchanged state "
                                  + "for FUNDS_REVERSED; a repeated declaration answers the escrow's current state.")
            EscrowState currentState) {
    }

    @Schema(name = "EscrowList", description = "One page of escrows, newest first.")
    record EscrowList(
            @Schema(description = "The escrows of this page.") List<EscrowResponse> data,
            @Schema(description = "Whether another page follows.") boolean hasMore,
            @Schema(nullable = true, example = "ZXNjXzAxYTFmZDcx",
                    description = "The opaque cursor of the next page, to pass as `cursor`; null on the last page.")
            String nextCursor) {
    }

    /** An escrow as integrators see it (snake_case on the wire); amounts are integer minor units of the currency. */
    @Schema(name = "Escrow",
            description = "An escrow; amounts are integer minor units of `currency`, times RFC 3339 UTC.")
    record EscrowResponse(
            @Schema(example = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc", description = "`esc_` followed by a UUID v7.")
            String id,
            @Schema(nullable = true, example = "order_12345",
                    description = "Your reference, as given at creation; null for an escrow created through /subcent.")
            String externalId,
            @Schema(example = "FUNDED", description = "The escrow's phase (docs/state-machine.md).") EscrowState state,
            @Schema(example = "USD") String currency,
            @Schema(example = "50000") long totalAmount,
            @Schema(example = "50000", description = "What is held now.") long heldAmount,
            @Schema(example = "0", description = "What went to the contractor, by release or dispute decision.")
            long releasedAmount,
            @Schema(example = "0", description = "What went back to the client, by refund, expiry or dispute decision.")
            long refundedAmount,
            @Schema(nullable = true, description = "The escrow's platform fee terms, as given; null for none "
                                                   + "(milestones may still have their own).")
            FeeTerms platformFee,
            @Schema(example = "1250", description = "The platform's whole fee over the milestones, as worked out at "
                                                    + "creation; 0 for none.")
            long feeAmount,
            @Schema(description = "What each party got so far, gross, fee and net (gross = fee + net): the contractor "
                                  + "`released_amount`, the client `refunded_amount`; and the platform's fees.")
            PayoutBreakdown payoutBreakdown,
            @Schema(example = "0", description = "The fee the platform gave up: on refunds that returned it, and the "
                                                 + "client's share of a decision.")
            long feeReturnedAmount,
            @Schema(nullable = true, example = "pi_stripe_xyz",
                    description = "The reference of the funds-held declaration; null before it, and for a "
                                  + "vault-funded escrow.")
            String externalPaymentRef,
            @Schema(nullable = true, example = "dsp_01a1fd80-8fb0-77f8-9808-a85ef68be7fc",
                    description = "The escrow's dispute (`dsp_...`), once one was opened; null before.")
            String disputeId,
            @Schema(nullable = true, description = "The vault that funds the escrow; null when you hold the money.")
            Funding funding,
            @Schema(nullable = true, example = "agent_42",
                    description = "A vault-funded escrow's paying party, if named; null otherwise.")
            String clientId,
            @Schema(nullable = true, example = "merchant_7",
                    description = "A vault-funded escrow's payee (where released money goes), if named; null "
                                  + "otherwise.")
            String contractorId,
            @Schema(nullable = true, additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                    example = "{\"type\": \"multi_sig_approval\", \"approvers\": [\"ops_anna\", \"ops_ben\", "
                              + "\"ops_carl\"], \"threshold\": 2, \"ticket\": \"OPS-1234\"}",
                    description = "The release condition as agreed: `type` (`time_release`, `oracle_confirmation`, "
                                  + "`multi_sig_approval` or `delivery_confirmation`), that type's fields "
                                  + "(`release_at`; `oracle_id` and `event` if given; `approvers` and `threshold`; "
                                  + "none), then the free-form string details in the order given. Null for none.")
            Map<String, Object> releaseCondition,
            @Schema(nullable = true, additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                    example = "{\"met_at\": null, \"approvals\": [{\"approver_id\": \"ops_anna\", \"approved_at\": "
                              + "\"2025-01-16T09:00:00Z\"}], \"approvals_needed\": 1}",
                    description = "How far the release condition has come; null without a condition. Always `met_at` "
                                  + "(when it was met, null before), and by type: `multi_sig_approval` adds "
                                  + "`approvals` ([{`approver_id`, `approved_at`}] in order) and `approvals_needed` "
                                  + "(0 once met); `oracle_confirmation` adds `oracle_report` ({`oracle_id`, "
                                  + "`outcome` (confirmed or rejected), `reported_at`}, null before the report); "
                                  + "`delivery_confirmation` adds `delivery_confirmation` ({`confirmed_by`, "
                                  + "`confirmed_at`}, null before); `time_release` adds nothing.")
            Map<String, Object> conditionProgress,
            @Schema(nullable = true, example = "2025-01-18T10:30:00Z",
                    description = "When what is still held goes back to the client; null for never.")
            Instant expiresAt,
            @Schema(nullable = true, example = "2025-01-18T10:30:00Z",
                    description = "When the escrow expired (its `expires_at`); null until then.")
            Instant expiredAt,
            @Schema(nullable = true, example = "requested",
                    description = "Why money went back to the client, the first reason only: `requested` (a refund "
                                  + "call), `expired`, `oracle_rejected` or `dispute_decision`; null while nothing "
                                  + "was refunded.")
            String refundReason,
            @Schema(description = "The milestones, in the order agreed.") List<Milestone> milestones,
            @Schema(example = "2025-01-15T10:00:00Z") Instant createdAt,
            @Schema(nullable = true, example = "2025-01-15T10:30:00Z",
                    description = "When the money became held (declared, or taken from the vault); null before.")
            Instant fundedAt,
            @Schema(nullable = true, example = "2025-01-20T14:00:00Z",
                    description = "When the escrow reached a terminal state; null while it is open.")
            Instant closedAt,
            @Schema(example = "2025-01-20T14:00:00Z") Instant updatedAt,
            @Schema(nullable = true, example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                    description = "The lowercase hex SHA-256 hash of the escrow's last event in its tamper-evident "
                                  + "chain (docs/audit.md); null only for an escrow whose events all predate the "
                                  + "chain.")
            String chainHead,
            @Schema(nullable = true, example = "Buyer abandoned the order",
                    description = "Why the escrow was cancelled; null unless it is CANCELLED (`closed_at` says when).")
            String cancellationReason,
            @Schema(nullable = true,
                    description = "The last payment declared failed before funding (PAYMENT_FAILED); null for none.")
            PaymentFailure paymentFailure,
            @Schema(nullable = true,
                    description = "The reversal (chargeback) of the funding payment (FUNDS_REVERSED); null for none. "
                                  + "Once there is one the escrow is frozen: nothing is released, a refund or a "
                                  + "dispute's decision still pays out what is held.")
            Reversal reversal,
            @Schema(nullable = true, example = "clk_01a1fd71-8fb0-77f8-9808-a85ef68be7fc",
                    description = "The test clock the escrow runs on (docs/api.md, \"Test clocks\"); null for real "
                                  + "time. Escrows on a test clock are left out of analytics.")
            String testClock,
            @Schema(example = "{\"order_id\": \"ord_8812\"}",
                    description = "Your key/value pairs on the escrow, sorted by key; `{}` for none.")
            Map<String, String> metadata) {

        @Schema(name = "PaymentFailure", nullable = true, description = "A payment that failed before funding.")
        record PaymentFailure(
                @Schema(example = "pi_stripe_failed") String externalPaymentRef,
                @Schema(example = "card_declined") String reason,
                @Schema(example = "2025-01-15T10:20:00Z", description = "Its `declared_at`.") Instant failedAt) {
        }

        @Schema(name = "Reversal", nullable = true, description = "The reversal of the funding payment.")
        record Reversal(
                @Schema(example = "chargeback: fraudulent") String reason,
                @Schema(example = "2025-01-25T08:00:00Z", description = "Its `declared_at`.") Instant reversedAt) {
        }

        @Schema(name = "Milestone", description = "One milestone of an escrow and what happened to it.")
        record Milestone(
                @Schema(example = "ms_design") String milestoneId,
                @Schema(example = "20000", description = "Integer minor units of the escrow's currency.") long amount,
                @Schema(nullable = true, example = "2025-02-01T00:00:00Z",
                        description = "The deadline agreed; null for none.")
                Instant deadline,
                @Schema(example = "PENDING",
                        description = "The milestone's phase; money is held while it is FUNDED or DELIVERED.")
                MilestoneState state,
                @Schema(nullable = true, description = "The latest deliverable submitted; null before any.")
                Deliverable deliverable,
                @Schema(nullable = true, example = "2025-01-25T12:00:00Z",
                        description = "When the latest deliverable was submitted; null before any.")
                Instant deliveredAt,
                @Schema(nullable = true, example = "2025-02-02T09:00:00Z",
                        description = "When money of the milestone was last released to the contractor (all of it, or "
                                      + "a part); null before any.")
                Instant releasedAt,
                @Schema(nullable = true, example = "2025-02-02T09:00:00Z",
                        description = "When money of the milestone was last refunded to the client (all of it, or a "
                                      + "part); null before any.")
                Instant refundedAt,
                @Schema(nullable = true, example = "2025-02-01T00:00:00Z",
                        description = "The milestone's `deadline`, once it passed with nothing delivered; null "
                                      + "otherwise.")
                Instant overdueAt,
                @Schema(nullable = true, example = "72",
                        description = "The inspection period agreed: the milestone is released this many hours after "
                                      + "its first deliverable unless a dispute is opened first; null for none.")
                Integer inspectionPeriodHours,
                @Schema(nullable = true, example = "2025-01-28T12:00:00Z",
                        description = "When the inspection period ends (the first deliverable plus the period): the "
                                      + "milestone is released then if it is still delivered and undisputed; null "
                                      + "before any deliverable, or without a period.")
                Instant inspectionEndsAt,
                @Schema(nullable = true, example = "2025-01-28T12:00:00Z",
                        description = "When the inspection period elapsed and released the milestone (its "
                                      + "`released_at`); null otherwise.")
                Instant inspectionElapsedAt,
                @Schema(nullable = true, description = "The milestone's own platform fee terms; null when the "
                                                       + "escrow's apply (or none).")
                FeeTerms platformFee,
                @Schema(example = "500", description = "The platform's whole fee on this milestone; 0 for none.")
                long feeAmount,
                @Schema(example = "20000", description = "What the milestone still holds; 0 once paid out (a dispute "
                                                         + "decision pays out every held milestone together).")
                long remainingAmount,
                @Schema(description = "What releases and refunds paid out of this milestone, gross, fee and net per "
                                      + "party (a dispute decision's payout is the escrow's, not a milestone's).")
                PayoutBreakdown payoutBreakdown,
                @Schema(example = "{\"sku\": \"DESIGN-1\"}",
                        description = "Your key/value pairs on the milestone, sorted by key; `{}` for none.")
                Map<String, String> metadata) {
        }

        @Schema(name = "FeeTerms", nullable = true,
                description = "Platform fee terms: `amount` (fixed) or `basis_points` with `rounding`; the other "
                              + "fields are null.")
        record FeeTerms(
                @Schema(nullable = true, example = "500", description = "A fixed fee, in minor units.") Long amount,
                @Schema(nullable = true, example = "250", description = "Hundredths of a percent.")
                Integer basisPoints,
                @Schema(nullable = true, example = "half_up",
                        description = "`half_up`, `half_even`, `up` or `down`; with `basis_points` only.")
                String rounding) {

            static FeeTerms of(PlatformFee fee) {
                if (fee == null) {
                    return null;
                }
                return new FeeTerms(fee.fixedAmount() == null ? null : fee.fixedAmount().minorUnits(),
                        fee.basisPoints(), fee.rounding() == null ? null : fee.rounding().name().toLowerCase(Locale.ROOT));
            }
        }

        @Schema(name = "PayoutBreakdown",
                description = "Gross, platform fee and net per party, in minor units; each party's gross = fee + net.")
        record PayoutBreakdown(
                @Schema(description = "What went back to the client.") PartyAmounts client,
                @Schema(description = "What went to the contractor.") PartyAmounts contractor,
                @Schema(example = "500", description = "The platform's fees: the two parties' fees together.")
                long platformFee) {

            static PayoutBreakdown of(long clientGross, long clientFee, long contractorGross, long contractorFee) {
                return new PayoutBreakdown(PartyAmounts.of(clientGross, clientFee),
                        PartyAmounts.of(contractorGross, contractorFee), clientFee + contractorFee);
            }
        }

        @Schema(name = "PartyAmounts", description = "One party's payout: gross = fee + net, in minor units.")
        record PartyAmounts(
                @Schema(example = "20000", description = "What left the escrow for the party.") long gross,
                @Schema(example = "500", description = "The platform's fee taken from it.") long fee,
                @Schema(example = "19500", description = "What the party receives.") long net) {

            static PartyAmounts of(long gross, long fee) {
                return new PartyAmounts(gross, fee, gross - fee);
            }
        }

        @Schema(name = "Deliverable", nullable = true,
                description = "Where a milestone's deliverable lives, and the hash of its content.")
        record Deliverable(
                @Schema(example = "external_reference",
                        description = "How it is referenced; today always `external_reference`.")
                String type,
                @Schema(example = "github") String provider,
                @Schema(example = "https://github.com/org/repo/pull/42") String uri,
                @Schema(example = "sha256:e3b0c44298fc1c149afbf4c8996fb924") String contentHash) {
        }

        /** Present for a vault-funded escrow. */
        @Schema(name = "Funding", nullable = true, description = "The vault that funds a vault-funded escrow.")
        record Funding(
                @Schema(example = "550e8400-e29b-41d4-a716-446655440000", description = "The vault's id (a UUID).")
                String vaultId) {
        }

        static EscrowResponse of(EscrowView view) {
            return new EscrowResponse(view.escrowId(), view.externalId(), view.state(), view.currency(),
                    view.totalAmount(), view.heldAmount(), view.releasedAmount(), view.refundedAmount(),
                    FeeTerms.of(view.platformFee()), view.feeAmount(),
                    PayoutBreakdown.of(view.refundedAmount(), view.refundedFee(), view.releasedAmount(),
                            view.releasedFee()),
                    view.feeReturned(), view.externalPaymentRef(), view.disputeId(),
                    view.fundingVaultId() == null ? null : new Funding(view.fundingVaultId()), view.clientId(),
                    view.contractorId(),
                    view.condition() == null ? null : ConditionData.withType(view.condition().terms()),
                    view.condition() == null ? null : progress(view.condition()), view.expiresAt(), view.expiredAt(),
                    view.refundReason(), view.milestones().stream().map(EscrowResponse::milestone).toList(),
                    view.createdAt(), view.fundedAt(), view.closedAt(), view.updatedAt(), view.chainHead(),
                    view.cancellationReason(),
                    view.paymentFailure() == null ? null : new PaymentFailure(view.paymentFailure().externalPaymentRef(),
                            view.paymentFailure().reason(), view.paymentFailure().failedAt()),
                    view.reversal() == null ? null
                            : new Reversal(view.reversal().reason(), view.reversal().reversedAt()),
                    view.testClockId(), view.metadata());
        }

        private static Milestone milestone(MilestoneView view) {
            Deliverable deliverable = view.deliverable() == null ? null
                    : new Deliverable(view.deliverable().type(), view.deliverable().provider(),
                            view.deliverable().uri(), view.deliverable().contentHash());
            return new Milestone(view.milestoneId(), view.amount(), view.deadline(), view.state(), deliverable,
                    view.deliveredAt(), view.releasedAt(), view.refundedAt(), view.overdueAt(),
                    view.inspectionPeriodHours(), view.inspectionEndsAt(), view.inspectionElapsedAt(),
                    FeeTerms.of(view.platformFee()), view.feeAmount(), view.remainingAmount(),
                    PayoutBreakdown.of(view.refundedAmount(), view.refundedFee(), view.releasedAmount(),
                            view.releasedFee()), view.metadata());
        }

        /** How far the condition has come, in its type's own terms (docs/api.md). */
        private static Map<String, Object> progress(ConditionView condition) {
            Map<String, Object> progress = new LinkedHashMap<>();
            progress.put("met_at", condition.metAt());
            List<ConditionView.Step> steps = condition.steps();
            switch (condition.terms().type()) {
                case MULTI_SIG_APPROVAL -> {
                    progress.put("approvals", steps.stream()
                            .map(step -> Map.of("approver_id", step.partyId(), "approved_at", step.at())).toList());
                    progress.put("approvals_needed", Math.max(0, condition.terms().requiredApprovals() - steps.size()));
                }
                case ORACLE_CONFIRMATION -> progress.put("oracle_report", steps.stream().findFirst()
                        .map(step -> Map.of("oracle_id", step.partyId(), "outcome",
                                step.outcome().toLowerCase(Locale.ROOT), "reported_at", step.at()))
                        .orElse(null));
                case DELIVERY_CONFIRMATION -> progress.put("delivery_confirmation", steps.stream().findFirst()
                        .map(step -> Map.of("confirmed_by", step.partyId(), "confirmed_at", step.at()))
                        .orElse(null));
                case TIME_RELEASE -> {
                    // Met when release_at comes: met_at says it all.
                }
            }
            return progress;
        }
    }
}
