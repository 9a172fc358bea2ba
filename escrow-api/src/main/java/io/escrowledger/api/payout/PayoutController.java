package io.escrowledger.api.payout;

import io.escrowledger.api.command.CommandDispatcher;
import io.escrowledger.api.payout.PayoutResponses.PayoutList;
import io.escrowledger.api.payout.PayoutResponses.PayoutResponse;
import io.escrowledger.api.web.Cursors;
import io.escrowledger.api.web.Ids;
import io.escrowledger.api.web.Instants;
import io.escrowledger.api.web.RequestContext;
import io.escrowledger.api.web.Validator;
import io.escrowledger.domain.escrow.ExpectedPayouts;
import io.escrowledger.domain.escrow.command.RecordPayoutTransferCommand;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import io.escrowledger.projections.escrow.EscrowQueries;
import io.escrowledger.projections.payout.PayoutQueries;
import io.escrowledger.projections.payout.PayoutView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Payout execution and reconciliation: each release, refund and dispute decision of an escrow whose money you hold
 * owes its party a payout; you record the transfers you executed, and the service says what is still unreconciled,
 * partly reconciled or over-paid ("we recommend, you enforce": this is the record that you did).
 */
@RestController
@Tag(name = "Payouts", description = "What releases, refunds and decisions owe each party, the transfers you executed "
                                     + "for them, and what is not reconciled yet.")
public record PayoutController(CommandDispatcher commands, PayoutQueries payouts, EscrowQueries escrows,
                               Cursors cursors, Clock clock) {

    /** A payout status on the wire, as {@code status=} takes it. */
    enum PayoutStatusName {
        unreconciled, partially_reconciled, reconciled, over_paid
    }

    @Operation(operationId = "listPayouts", summary = "List payouts",
            description = "Your payouts across your escrows, newest escrow first, optionally only those in one status "
                          + "(`status=unreconciled` for nothing transferred yet) or of one escrow. Page with `limit` "
                          + "and the `next_cursor` of the previous page.")
    @GetMapping("/v1/payouts")
    PayoutList list(@Parameter(description = "Only payouts in this status.", example = "unreconciled")
                    @RequestParam(required = false) PayoutStatusName status,
                    @Parameter(description = "Only this escrow's payouts.",
                            example = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc")
                    @RequestParam(name = "escrow_id", required = false) String escrowId,
                    @Parameter(description = "Page size, 1 to 200; 50 when absent.")
                    @RequestParam(required = false) Integer limit,
                    @Parameter(description = "The `next_cursor` of the previous page of this same list; opaque.")
                    @RequestParam(required = false) String cursor,
                    RequestContext context, HttpServletRequest http) {
        Validator check = new Validator();
        check.id("escrow_id", escrowId, Ids.ESCROW, "an escrow id (esc_ and a UUID)");
        return page(context, http, check, status, escrowId, limit, cursor);
    }

    @Operation(operationId = "listEscrowPayouts", summary = "List an escrow's payouts",
            description = "The escrow's payouts, latest first, optionally only those in one status; an escrow whose "
                          + "money a vault holds has none (its vault's ledger moves the money).")
    @GetMapping("/v1/escrows/{escrowId}/payouts")
    PayoutList listOfEscrow(@PathVariable String escrowId,
                            @Parameter(description = "Only payouts in this status.", example = "unreconciled")
                            @RequestParam(required = false) PayoutStatusName status,
                            @Parameter(description = "Page size, 1 to 200; 50 when absent.")
                            @RequestParam(required = false) Integer limit,
                            @Parameter(description = "The `next_cursor` of the previous page of this same list; "
                                                     + "opaque.")
                            @RequestParam(required = false) String cursor,
                            RequestContext context, HttpServletRequest http) {
        if (!Ids.ESCROW.isWellFormed(escrowId) || !escrows.exists(context.integratorId(), escrowId)) {
            throw new DomainException(ErrorCode.ESCROW_NOT_FOUND, "No escrow " + escrowId);
        }
        return page(context, http, new Validator(), status, escrowId, limit, cursor);
    }

    @Operation(operationId = "getPayout", summary = "Get a payout",
            description = "One payout with its transfers and reconciliation status.")
    @GetMapping("/v1/payouts/{payoutId}")
    PayoutResponse get(@PathVariable String payoutId, RequestContext context) {
        return PayoutResponse.of(find(context, payoutId));
    }

    @Operation(operationId = "recordPayoutTransfer", summary = "Record a transfer executed for a payout",
            description = "Records a transfer your payment system executed for the payout: its `reference`, the "
                          + "`party` paid (the payout's), the `amount` in the payout's currency and `executed_at`. "
                          + "Several transfers may pay one payout; the status follows their sum. A reference is "
                          + "recorded once per escrow: the same reference with the same figures again changes "
                          + "nothing, with other figures it is `409 reference_conflict`. Answers the payout.")
    @PostMapping("/v1/payouts/{payoutId}/transfers")
    PayoutResponse recordTransfer(@PathVariable String payoutId, @RequestBody PayoutRequests.Transfer request,
                                  RequestContext context) {
        PayoutView payout = find(context, payoutId);
        Validator check = new Validator();
        String reference = check.text("reference", request.reference(), 1, 255);
        check.present("party", request.party());
        Long amount = check.amount("amount", request.amount());
        Instant executedAt = check.time("executed_at", request.executedAt(), true);
        check.throwIfInvalid();
        commands.send(new RecordPayoutTransferCommand(payout.escrowId(), context.integratorId(), payoutId, reference,
                request.party().role(), Money.of(amount, payout.currency()), executedAt, Instants.now(clock)), context);
        return PayoutResponse.of(find(context, payoutId));
    }

    private PayoutList page(RequestContext context, HttpServletRequest http, Validator check, PayoutStatusName status,
                            String escrowId, Integer limit, String cursor) {
        int pageSize = check.pageSize(limit);
        String after = cursors.position(check, http, cursor, ExpectedPayouts::isWellFormed);
        check.throwIfInvalid();
        List<String> statuses = status == null ? List.of() : List.of(status.name().toUpperCase(Locale.ROOT));
        PayoutQueries.Page page = payouts.list(context.integratorId(), statuses, escrowId, after, pageSize);
        List<PayoutResponse> data = page.payouts().stream().map(PayoutResponse::of).toList();
        return new PayoutList(data, page.hasMore(), cursors.next(http, page.hasMore(), data, PayoutResponse::id));
    }

    /** Another integrator's payout, and an id that cannot be a payout's, are not found. */
    private PayoutView find(RequestContext context, String payoutId) {
        return (ExpectedPayouts.isWellFormed(payoutId) ? payouts.find(context.integratorId(), payoutId)
                : java.util.Optional.<PayoutView>empty())
                .orElseThrow(() -> new DomainException(ErrorCode.PAYOUT_NOT_FOUND, "No payout " + payoutId));
    }
}
