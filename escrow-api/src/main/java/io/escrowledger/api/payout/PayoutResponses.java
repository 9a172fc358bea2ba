package io.escrowledger.api.payout;

import io.escrowledger.projections.payout.PayoutView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** What the payout operations answer, as records the OpenAPI document is read from. */
final class PayoutResponses {

    private PayoutResponses() {
    }

    @Schema(name = "PayoutList", description = "One page of payouts, newest escrow first.")
    record PayoutList(
            @Schema(description = "The payouts of this page.") List<PayoutResponse> data,
            @Schema(description = "Whether another page follows.") boolean hasMore,
            @Schema(nullable = true, example = "cG9fMDE5MGE1YzQ",
                    description = "The opaque cursor of the next page, to pass as `cursor`; null on the last page.")
            String nextCursor) {
    }

    @Schema(name = "PayoutDue",
            description = "What one release, refund or dispute decision paid one party, and the transfers you "
                          + "recorded for it; amounts in integer minor units of `currency`.")
    record PayoutResponse(
            @Schema(example = "po_01a1fd71-8fb0-77f8-9808-a85ef68be7fc_2",
                    description = "`po_`, the escrow's UUID, `_` and the payout's position among the escrow's payouts.")
            String id,
            @Schema(example = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc") String escrowId,
            @Schema(example = "decision", allowableValues = {"release", "refund", "decision"},
                    description = "What paid it: a milestone's release or refund, or a dispute's decision.")
            String kind,
            @Schema(example = "contractor", allowableValues = {"client", "contractor"}) String party,
            @Schema(nullable = true, example = "ms_design",
                    description = "The milestone released or refunded; null for a decision.")
            String milestoneId,
            @Schema(nullable = true, example = "dsp_01a1fd80-8fb0-77f8-9808-a85ef68be7fc",
                    description = "The dispute decided; null for a release or refund.")
            String disputeId,
            @Schema(example = "USD") String currency,
            @Schema(example = "32500", description = "What the party is owed.") long expectedAmount,
            @Schema(example = "30000", description = "What the recorded transfers add up to.") long transferredAmount,
            @Schema(example = "partially_reconciled",
                    allowableValues = {"unreconciled", "partially_reconciled", "reconciled", "over_paid"},
                    description = "Nothing transferred yet, less than owed, exactly owed, or more than owed.")
            String status,
            @Schema(example = "2025-02-10T09:00:00Z", description = "When the release, refund or decision paid it.")
            Instant expectedAt,
            @Schema(nullable = true, example = "2025-02-13T09:00:00Z",
                    description = "When it was flagged for staying unreconciled past the allowed time (the "
                                  + "`PAYOUT_UNRECONCILED` webhook); null otherwise.")
            Instant flaggedAt,
            @Schema(description = "The transfers recorded, in the order recorded.") List<Transfer> transfers) {

        @Schema(name = "PayoutTransfer", description = "A transfer recorded for a payout.")
        record Transfer(
                @Schema(example = "tr_1Nv0FGQ9RKHgCVdK") String reference,
                @Schema(example = "30000") long amount,
                @Schema(example = "2025-02-11T09:00:00Z") Instant executedAt,
                @Schema(example = "2025-02-11T10:00:00Z") Instant recordedAt) {
        }

        static PayoutResponse of(PayoutView view) {
            return new PayoutResponse(view.payoutId(), view.escrowId(), wire(view.kind()), wire(view.party()),
                    view.milestoneId(), view.disputeId(), view.currency(), view.expectedAmount(),
                    view.transferredAmount(), wire(view.status()), view.expectedAt(), view.flaggedAt(),
                    view.transfers().stream().map(t -> new Transfer(t.reference(), t.amount(), t.executedAt(),
                            t.recordedAt())).toList());
        }

        private static String wire(String name) {
            return name.toLowerCase(Locale.ROOT);
        }
    }
}
