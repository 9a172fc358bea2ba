package io.escrowledger.api.escrow;

import io.escrowledger.api.command.CommandDispatcher;
import io.escrowledger.api.escrow.EscrowResponses.EscrowList;
import io.escrowledger.api.escrow.EscrowResponses.EscrowResponse;
import io.escrowledger.api.escrow.EscrowResponses.PaymentStatusAccepted;
import io.escrowledger.api.testclock.TestClocks;
import io.escrowledger.api.web.Cursors;
import io.escrowledger.api.web.Ids;
import io.escrowledger.api.web.ListParameters;
import io.escrowledger.api.web.RequestContext;
import io.escrowledger.api.web.Validator;
import io.escrowledger.domain.escrow.command.ApproveReleaseCommand;
import io.escrowledger.domain.escrow.command.CancelEscrowCommand;
import io.escrowledger.domain.escrow.command.ConfirmDeliveryCommand;
import io.escrowledger.domain.escrow.command.CreateEscrowCommand;
import io.escrowledger.domain.escrow.command.DeclareFundsHeldCommand;
import io.escrowledger.domain.escrow.command.DeclareFundsReversedCommand;
import io.escrowledger.domain.escrow.command.DeclarePaymentFailedCommand;
import io.escrowledger.domain.escrow.command.RefundFundsCommand;
import io.escrowledger.domain.escrow.command.ReleaseFundsCommand;
import io.escrowledger.domain.escrow.command.ReportOracleOutcomeCommand;
import io.escrowledger.domain.escrow.command.SubmitDeliverableCommand;
import io.escrowledger.domain.escrow.command.UpdateEscrowMetadataCommand;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import io.escrowledger.projections.escrow.EscrowFilter;
import io.escrowledger.projections.escrow.EscrowPage;
import io.escrowledger.projections.escrow.EscrowQueries;
import io.escrowledger.projections.escrow.EscrowView;
import io.escrowledger.projections.replay.PastViews;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.enums.ParameterStyle;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The escrow lifecycle of the quick-start guide, steps 1 to 3, plus release and refund. Commands go through the
 * aggregate; answers are read from the read model, which the command's own transaction has already updated.
 */
@RestController
@RequestMapping("/v1/escrows")
@Tag(name = "Escrows", description = "Create, fund, deliver, release and refund escrows, and record the steps of their "
                                     + "release conditions (approvals, oracle reports, delivery confirmations).")
public record EscrowController(CommandDispatcher commands, EscrowQueries queries, PastViews pastViews, Cursors cursors,
                               TestClocks testClocks, Clock clock) {

    @Operation(operationId = "createEscrow", summary = "Create an escrow",
            description = "Creates an escrow with its milestones, whose amounts must add up to `total_amount`, and "
                          + "an optional release condition, expiry and inspection period. With `funding.vault_id` "
                          + "the amount is held from the vault at once and the escrow starts FUNDED; otherwise it "
                          + "starts CREATED until the funds are declared held.")
    @ApiResponse(responseCode = "201", description = "The escrow was created", useReturnTypeSchema = true,
            headers = @Header(name = "Location", description = "The escrow's URL, `/v1/escrows/{id}`",
                    schema = @Schema(type = "string")))
    @PostMapping
    ResponseEntity<EscrowResponse> create(@RequestBody EscrowRequests.CreateEscrow request,
                                          RequestContext context) {
        Instant now = testClocks.creationTime(context, request.testClock());
        EscrowRequestValidator.ValidEscrow escrow = EscrowRequestValidator.create(request, now);
        String escrowId = Ids.ESCROW.next(clock);
        commands.send(new CreateEscrowCommand(escrowId, context.integratorId(), escrow.externalId(),
                escrow.totalAmount(), escrow.milestones(), escrow.funding(), escrow.releaseCondition(),
                escrow.expiresAt(), now, escrow.platformFee(), request.testClock(), escrow.metadata(),
                escrow.milestoneMetadata()), context);
        return ResponseEntity.created(URI.create("/v1/escrows/" + escrowId)).body(read(context, escrowId));
    }

    /** The escrow now, or as it was at {@code as_of}, computed from its events up to that instant. */
    @Operation(operationId = "getEscrow", summary = "Get an escrow",
            description = "The escrow now, or with `as_of` as it was at that instant, computed from the whole "
                          + "commands recorded by then (a command counts from its last event; never part of one: "
                          + "docs/audit.md). The read model is written in the same transaction as the events, so a read right "
                          + "after a successful command shows its effect.")
    @GetMapping("/{escrowId}")
    EscrowResponse get(@PathVariable String escrowId,
                       @Parameter(description = "An RFC 3339 date-time with an offset: answer the escrow as it was "
                                                + "then (404 before it existed).",
                               example = "2025-01-16T09:00:00Z",
                               schema = @Schema(type = "string", format = "date-time"))
                       @RequestParam(name = "as_of", required = false) String asOf,
                       RequestContext context) {
        requireWellFormed(escrowId);
        if (asOf == null) {
            return read(context, escrowId);
        }
        Instant at = Validator.requiredTime("as_of", asOf);
        return EscrowResponse.of(pastViews.escrow(context.integratorId(), escrowId, at)
                                          .orElseThrow(() -> notFound(escrowId)));
    }

    @Operation(operationId = "listEscrows", summary = "List escrows",
            description = "Your escrows, newest first (by their time-ordered id, which never changes: paging while "
                          + "escrows are created lists every escrow that existed when paging began exactly once). "
                          + "Every filter given must match: `state` (comma-separated: any of them), "
                          + "`created[gte]` / `created[lt]` (RFC 3339), `contractor_id`, `client_id`, `vault_id`, "
                          + "`currency`, `external_id`, and `metadata[key]=value` (several: all of them). An unknown "
                          + "parameter is refused. Page with `limit` and the `next_cursor` of the previous page "
                          + "(a cursor belongs to its filters).")
    @Parameter(name = "state", in = ParameterIn.QUERY, explode = Explode.FALSE, description = "Only escrows in one "
            + "of these states, comma-separated: `state=CREATED,FUNDED`.",
            array = @ArraySchema(schema = @Schema(implementation = EscrowState.class)))
    @Parameter(name = "created", in = ParameterIn.QUERY, style = ParameterStyle.DEEPOBJECT, explode = Explode.TRUE,
            description = "`created[gte]`: created at or after; `created[lt]`: created before (RFC 3339 date-times).",
            schema = @Schema(implementation = ListFilters.CreatedRange.class))
    @Parameter(name = "metadata", in = ParameterIn.QUERY, style = ParameterStyle.DEEPOBJECT, explode = Explode.TRUE,
            description = "`metadata[key]=value`: only escrows whose metadata has that pair; several must all match.",
            schema = @Schema(type = "object", additionalPropertiesSchema = String.class,
                    example = "{\"order_id\": \"ord_8812\"}"))
    @GetMapping
    EscrowList list(@Parameter(description = "Only the escrow with this external id.", example = "order_12345")
                    @RequestParam(name = "external_id", required = false) String externalId,
                    @Parameter(description = "Only escrows of this contractor (vault-funded escrows name it).",
                            example = "merchant_7")
                    @RequestParam(name = "contractor_id", required = false) String contractorId,
                    @Parameter(description = "Only escrows of this client (vault-funded escrows name it).",
                            example = "agent_42")
                    @RequestParam(name = "client_id", required = false) String clientId,
                    @Parameter(description = "Only escrows funded from this vault.",
                            example = "550e8400-e29b-41d4-a716-446655440000")
                    @RequestParam(name = "vault_id", required = false) String vaultId,
                    @Parameter(description = "Only escrows in this currency.", example = "USD")
                    @RequestParam(required = false) String currency,
                    @Parameter(description = "Page size, 1 to 200; 50 when absent.")
                    @RequestParam(required = false) Integer limit,
                    @Parameter(description = "The `next_cursor` of the previous page of this same list (same "
                                             + "filters); opaque.",
                            example = "ZXNjXzAxYTFmZDcxLThmYjAtNzdmOC05ODA4LWE4NWVmNjhiZTdmYw.q1vT0sRdYz8mJ5kW3xVbNg")
                    @RequestParam(required = false) String cursor,
                    RequestContext context, HttpServletRequest http) {
        Validator check = new Validator();
        ListParameters parameters = new ListParameters(check, http, ListFilters.ESCROW_PARAMETERS);
        int pageSize = check.pageSize(limit);
        if (externalId != null) {
            check.text("external_id", externalId, 1, 128);
        }
        EscrowFilter filter = new EscrowFilter(parameters.names("state", EscrowState.class), externalId,
                check.id("vault_id", vaultId, Ids.VAULT, "a vault id (a UUID)"), null,
                cursors.position(check, http, cursor, Ids.ESCROW::isWellFormed), parameters.time("created[gte]"),
                parameters.time("created[lt]"), check.partyId("client_id", clientId, false),
                check.partyId("contractor_id", contractorId, false),
                currency == null ? null : check.currency("currency", currency), parameters.metadata());
        check.throwIfInvalid();
        EscrowPage page = queries.list(context.integratorId(), filter, pageSize);
        List<EscrowResponse> data = page.escrows().stream().map(EscrowResponse::of).toList();
        return new EscrowList(data, page.hasMore(), cursors.next(http, page.hasMore(), data, EscrowResponse::id));
    }

    @Operation(operationId = "updateEscrowMetadata", summary = "Update an escrow's metadata",
            description = "Changes the metadata of the escrow and of some of its milestones, whatever the escrow's "
                          + "state: each key named is set to its value, an empty value removes the key, keys not "
                          + "named keep theirs (at most 50 per object after the change). A change that changes "
                          + "nothing records nothing. Answers the escrow.")
    @PostMapping("/{escrowId}/metadata")
    EscrowResponse updateMetadata(@PathVariable String escrowId, @RequestBody EscrowRequests.UpdateMetadata request,
                                  RequestContext context) {
        return act(context, escrowId, () -> EscrowRequestValidator.metadataChange(request),
                (change, now) -> new UpdateEscrowMetadataCommand(escrowId, context.integratorId(), change.metadata(),
                        change.milestones(), now));
    }

    @Operation(operationId = "declarePaymentStatus", summary = "Declare the funds held",
            description = "Declares what the integrator's payment system says about the escrow's money. FUNDS_HELD "
                          + "moves a CREATED escrow to FUNDED; PAYMENT_FAILED records a payment that failed before "
                          + "funding, with its `reason` (the escrow stays CREATED, and may still be funded or "
                          + "cancelled); FUNDS_REVERSED records a reversal (chargeback) of the funding payment, with "
                          + "its `reason`: the escrow is frozen, a release is refused (`escrow_frozen`), a refund or "
                          + "a dispute is still possible. Declaring the same thing again changes nothing (safe to "
                          + "retry); another reference on a funded escrow is refused.")
    @PostMapping("/{escrowId}/payment-status")
    PaymentStatusAccepted declarePaymentStatus(
            @PathVariable String escrowId,
            @RequestBody EscrowRequests.PaymentStatus request,
            RequestContext context) {
        requireWellFormed(escrowId);
        Instant now = testClocks.now(context, escrowId);
        EscrowRequestValidator.ValidPaymentStatus payment = EscrowRequestValidator.paymentStatus(request, now);
        Object command = switch (payment.status()) {
            case FUNDS_HELD -> new DeclareFundsHeldCommand(escrowId, context.integratorId(),
                    payment.externalPaymentRef(), payment.declaredAt(), now);
            case PAYMENT_FAILED -> new DeclarePaymentFailedCommand(escrowId, context.integratorId(),
                    payment.externalPaymentRef(), payment.reason(), payment.declaredAt(), now);
            case FUNDS_REVERSED -> new DeclareFundsReversedCommand(escrowId, context.integratorId(),
                    payment.externalPaymentRef(), payment.reason(), payment.declaredAt(), now);
        };
        EscrowState state = commands.send(command, context);
        return new PaymentStatusAccepted("accepted", state);
    }

    @Operation(operationId = "cancelEscrow", summary = "Cancel an unfunded escrow",
            description = "Calls off a CREATED escrow, one whose money was never held (a failed payment included), "
                          + "with a `reason`: it becomes CANCELLED, a terminal state, and takes nothing more. "
                          + "Cancelling it again changes nothing; a funded escrow is refunded instead "
                          + "(`invalid_state_transition`). Answers the escrow.")
    @PostMapping("/{escrowId}/cancel")
    EscrowResponse cancel(@PathVariable String escrowId, @RequestBody EscrowRequests.Cancel request,
                          RequestContext context) {
        return act(context, escrowId, () -> EscrowRequestValidator.cancel(request),
                (reason, now) -> new CancelEscrowCommand(escrowId, context.integratorId(), reason, now));
    }

    @Operation(operationId = "submitDeliverable", summary = "Submit a deliverable",
            description = "Records a reference to the work delivered for a milestone that is still held; the milestone "
                          + "and the escrow become DELIVERED. A new submission replaces the one shown (every "
                          + "submission stays in the escrow's history). The first submission of a milestone with an "
                          + "inspection period starts it: the milestone is released at `inspection_ends_at` unless "
                          + "a dispute is opened first. Answers the escrow.")
    @PostMapping("/{escrowId}/deliverable")
    EscrowResponse submitDeliverable(@PathVariable String escrowId,
                                     @RequestBody EscrowRequests.Deliverable request,
                                     RequestContext context) {
        return act(context, escrowId, () -> EscrowRequestValidator.deliverable(request),
                (deliverable, now) -> new SubmitDeliverableCommand(escrowId, context.integratorId(),
                        deliverable.milestoneId(), deliverable.reference(), now));
    }

    @Operation(operationId = "releaseEscrow", summary = "Release to the contractor",
            description = "Releases one milestone (`milestone_id`), part of it (`amount`: the rest stays held), or "
                          + "without a body every milestone still held, to the contractor, whatever the release "
                          + "condition; the platform's fee is taken from it. When nothing is held any more the escrow "
                          + "closes (RELEASED or SETTLED). Refused past `expires_at`. Answers the escrow.")
    @PostMapping("/{escrowId}/release")
    EscrowResponse release(@PathVariable String escrowId,
                           @RequestBody(required = false) EscrowRequests.MoveFunds request,
                           RequestContext context) {
        return act(context, escrowId, () -> EscrowRequestValidator.release(request),
                (release, now) -> new ReleaseFundsCommand(escrowId, context.integratorId(), release.milestoneId(), now,
                        release.amount()));
    }

    @Operation(operationId = "refundEscrow", summary = "Refund to the client",
            description = "Refunds one milestone (`milestone_id`), part of it (`amount`: the rest stays held), or "
                          + "without a body every milestone still held, to the client; allowed after the expiry. The platform's fee on the refunded money is "
                          + "returned unless `refund_fee` is false. Without `milestone_id` on a DISPUTED escrow it "
                          + "concedes the dispute, resolved as a REFUND decision (the escrow becomes RESOLVED). "
                          + "Answers the escrow.")
    @PostMapping("/{escrowId}/refund")
    EscrowResponse refund(@PathVariable String escrowId,
                          @RequestBody(required = false) EscrowRequests.Refund request,
                          RequestContext context) {
        return act(context, escrowId, () -> EscrowRequestValidator.refund(request),
                (refund, now) -> new RefundFundsCommand(escrowId, context.integratorId(), refund.milestoneId(), now,
                        refund.returnFee(), refund.amount()));
    }

    /** One approver of a multi-signature escrow approves; the threshold's approval releases. */
    @Operation(operationId = "approveRelease", summary = "Approve the release (multi-signature)",
            description = "For a `multi_sig_approval` escrow: one of its approvers approves. The approval that reaches "
                          + "the threshold releases everything held; the same approver again changes nothing. "
                          + "Answers the escrow, with `condition_progress.approvals`.")
    @PostMapping("/{escrowId}/approvals")
    EscrowResponse approve(@PathVariable String escrowId, @RequestBody EscrowRequests.Approval request,
                           RequestContext context) {
        return act(context, escrowId, () -> EscrowRequestValidator.approval(request),
                (approverId, now) -> new ApproveReleaseCommand(escrowId, context.integratorId(), approverId, now));
    }

    /** The escrow's oracle reports: confirmed releases, rejected refunds. */
    @Operation(operationId = "reportOracleOutcome", summary = "Report the oracle's outcome",
            description = "For an `oracle_confirmation` escrow: its oracle reports `confirmed`, which releases "
                          + "everything held, or `rejected`, which refunds it. Repeating the same outcome changes "
                          + "nothing; the other outcome after a report is refused. Answers the escrow.")
    @PostMapping("/{escrowId}/oracle-confirmations")
    EscrowResponse reportOracleOutcome(@PathVariable String escrowId,
                                       @RequestBody EscrowRequests.OracleConfirmation request,
                                       RequestContext context) {
        return act(context, escrowId, () -> EscrowRequestValidator.oracleReport(request),
                (report, now) -> new ReportOracleOutcomeCommand(escrowId, context.integratorId(), report.oracleId(),
                        report.outcome(), now));
    }

    /** Delivery is confirmed, which releases a delivery-confirmation escrow. */
    @Operation(operationId = "confirmDelivery", summary = "Confirm delivery",
            description = "For a `delivery_confirmation` escrow: delivery is confirmed by whoever is named, which "
                          + "releases everything held. A second confirmation changes nothing. Answers the escrow.")
    @PostMapping("/{escrowId}/delivery-confirmations")
    EscrowResponse confirmDelivery(@PathVariable String escrowId,
                                   @RequestBody EscrowRequests.DeliveryConfirmation request,
                                   RequestContext context) {
        return act(context, escrowId, () -> EscrowRequestValidator.deliveryConfirmation(request),
                (confirmedBy, now) -> new ConfirmDeliveryCommand(escrowId, context.integratorId(), confirmedBy, now));
    }

    /**
     * A command on the escrow, in the steps the endpoints that answer the escrow share (all but the payment-status
     * declaration, whose body check needs the escrow's time): an id that cannot be an escrow's is not found before
     * the body is looked at; {@code checkedBody} checks the body and returns what the command needs of it; the command
     * is made at the escrow's time (its test clock's, or the service's) and sent; the answer is the escrow as it left
     * it.
     */
    private <T> EscrowResponse act(RequestContext context, String escrowId, Supplier<T> checkedBody,
                                   BiFunction<T, Instant, Object> command) {
        requireWellFormed(escrowId);
        T body = checkedBody.get();
        Instant now = testClocks.now(context, escrowId);
        return commands.sendAndRead(command.apply(body, now), context, () -> read(context, escrowId));
    }

    private EscrowResponse read(RequestContext context, String escrowId) {
        EscrowView view = queries.find(context.integratorId(), escrowId).orElseThrow(() -> notFound(escrowId));
        return EscrowResponse.of(view);
    }

    /** An id that cannot be an escrow's is answered like an unknown escrow, without touching the database. */
    private static String requireWellFormed(String escrowId) {
        if (!Ids.ESCROW.isWellFormed(escrowId)) {
            throw notFound(escrowId);
        }
        return escrowId;
    }

    private static DomainException notFound(String escrowId) {
        return new DomainException(ErrorCode.ESCROW_NOT_FOUND, "No escrow " + escrowId);
    }
}
