package io.escrowledger.api.subcent;

import io.escrowledger.api.command.CommandDispatcher;
import io.escrowledger.api.escrow.ConditionRequests;
import io.escrowledger.api.escrow.EvidenceWindows;
import io.escrowledger.api.subcent.SubcentRequests.CreateEscrow;
import io.escrowledger.api.subcent.SubcentRequests.DisputeRequest;
import io.escrowledger.api.subcent.SubcentRequests.MoveFunds;
import io.escrowledger.api.subcent.SubcentResponses.Created;
import io.escrowledger.api.subcent.SubcentResponses.Detail;
import io.escrowledger.api.subcent.SubcentResponses.Disputed;
import io.escrowledger.api.subcent.SubcentResponses.EscrowList;
import io.escrowledger.api.subcent.SubcentResponses.Refunded;
import io.escrowledger.api.subcent.SubcentResponses.Released;
import io.escrowledger.api.subcent.SubcentResponses.Summary;
import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.ApiException;
import io.escrowledger.api.web.Ids;
import io.escrowledger.api.web.Instants;
import io.escrowledger.api.web.RequestContext;
import io.escrowledger.api.web.Validator;
import io.escrowledger.domain.escrow.command.CreateEscrowCommand;
import io.escrowledger.domain.escrow.command.OpenDisputeCommand;
import io.escrowledger.domain.escrow.command.RefundFundsCommand;
import io.escrowledger.domain.escrow.command.ReleaseFundsCommand;
import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowFundedFromVaultEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.FundingSource;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import io.escrowledger.domain.eventtypes.EventTypes;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import io.escrowledger.projections.audit.AuditQueries;
import io.escrowledger.projections.dispute.DisputeQueries;
import io.escrowledger.projections.dispute.DisputeView;
import io.escrowledger.projections.escrow.ConditionData;
import io.escrowledger.projections.escrow.EscrowFilter;
import io.escrowledger.projections.escrow.EscrowPage;
import io.escrowledger.projections.escrow.EscrowQueries;
import io.escrowledger.projections.escrow.EscrowView;
import io.escrowledger.projections.vault.VaultQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The second seed's escrow API, field for field (docs/subcent-compatibility.md): a thin adapter that translates its
 * requests into the canonical commands and its answers from the canonical read models. It decides nothing itself;
 * it only renames (statuses, error codes) and reformats (decimal amounts, millisecond times). It is the API of vault
 * escrows: an escrow not funded from a vault does not exist here.
 */
@RestController
@RequestMapping("/subcent/v1/escrows")
@Tag(name = "Subcent compatibility", description = "The second seed document's vault-funded escrow API, field for "
                                                   + "field (decimal amounts, four statuses), over the same escrows "
                                                   + "as /v1 (docs/subcent-compatibility.md).")
public record SubcentController(CommandDispatcher commands, EscrowQueries escrows, VaultQueries vaults,
                                DisputeQueries disputes, AuditQueries audit, EvidenceWindows evidenceWindows,
                                Clock clock) {

    /** A subcent escrow is one amount: one milestone of the canonical model, with this id. */
    static final String MILESTONE_ID = "escrow";

    @Operation(operationId = "subcentCreateEscrow", summary = "Create a vault-funded escrow",
            description = "Creates an escrow of one amount (one milestone, `escrow`) and holds it from the vault's "
                          + "available balance in the same transaction; it starts `funded` and expires after "
                          + "`expires_in_hours` (24 by default).")
    @ApiResponse(responseCode = "201", description = "The escrow was created and funded", useReturnTypeSchema = true,
            headers = @Header(name = "Location", description = "The escrow's URL, `/subcent/v1/escrows/{escrow_id}`",
                    schema = @Schema(type = "string")))
    @PostMapping
    ResponseEntity<Created> create(@RequestBody CreateEscrow request, RequestContext context) {
        // The seed's error table: an amount that is not more than zero is a policy violation, whatever else is wrong.
        BigDecimal decimal = SubcentFormat.positiveAmount(request.amount());
        Instant now = Instants.now(clock);
        Validator check = new Validator();
        String vaultId = check.text("vault_id", request.vaultId(), 1, 128);
        String agentId = check.partyId("agent_id", request.agentId(), false);
        String merchantId = check.partyId("merchant_id", request.merchantId(), false);
        String currency = request.currency() == null ? "USDC" : check.currency("currency", request.currency());
        ReleaseCondition condition = ConditionRequests.fromTypeAndData(check, request.conditionType(),
                request.conditionData());
        // Without expires_in_hours, the aggregate's default for vault-funded escrows is the seed's 24 hours.
        Instant expiresAt = ConditionRequests.expiry(check, null, request.expiresInHours(), now);
        check.throwIfInvalid();
        if (!Ids.VAULT.isWellFormed(vaultId)) {
            throw noVault(vaultId);
        }
        Money amount = SubcentFormat.amount(decimal, currency);
        String escrowId = Ids.ESCROW.next(clock);
        commands.send(new CreateEscrowCommand(escrowId, context.integratorId(), null, amount,
                List.of(new MilestoneTerms(MILESTONE_ID, amount, null)), new FundingSource(vaultId, agentId, merchantId),
                condition, expiresAt, now), context);
        EscrowView view = read(context, escrowId);
        return ResponseEntity.created(URI.create("/subcent/v1/escrows/" + escrowId))
                             .body(new Created(view.escrowId(), view.fundingVaultId(), view.clientId(),
                                     view.contractorId(), amount(view), view.currency(), conditionType(view),
                                     conditionData(view), status(view), SubcentFormat.time(view.expiresAt()),
                                     SubcentFormat.time(view.createdAt())));
    }

    @Operation(operationId = "subcentGetEscrow", summary = "Get an escrow",
            description = "Any of your vault-funded escrows in the /subcent form (also one created on /v1), with its "
                          + "address and the chain hashes of the events that funded and released it.")
    @GetMapping("/{escrowId}")
    Detail get(@PathVariable String escrowId, RequestContext context) {
        EscrowView view = read(context, escrowId);
        ChainHashes hashes = hashes(context, view);
        return new Detail(view.escrowId(), view.fundingVaultId(), view.clientId(), view.contractorId(), amount(view),
                view.currency(), conditionType(view), conditionData(view), status(view), hashes.address(),
                hashes.fund(), hashes.release(), SubcentFormat.time(view.expiresAt()),
                SubcentFormat.time(view.createdAt()), SubcentFormat.time(view.updatedAt()));
    }

    /** A vault's escrows, newest first; the cursor is the {@code escrow_id} of the previous page's last escrow. */
    @Operation(operationId = "subcentListEscrows", summary = "List a vault's escrows",
            description = "A vault's escrows, newest first, including /v1 escrows funded from it; optionally only one "
                          + "status. There is no `next_cursor`: when `has_more` is true, pass the last `escrow_id` as "
                          + "`cursor`.")
    @GetMapping
    EscrowList list(@Parameter(description = "The vault whose escrows to list; required (422 without it).",
                            required = true, example = "550e8400-e29b-41d4-a716-446655440000")
                    @RequestParam(name = "vault_id", required = false) String vaultId,
                    @Parameter(description = "Only escrows with this status (docs/subcent-compatibility.md, "
                                             + "Statuses).",
                            example = "funded", schema = @Schema(type = "string",
                                    allowableValues = {"funded", "released", "refunded", "disputed"}))
                    @RequestParam(required = false) String status,
                    @Parameter(description = "Page size, 1 to 200; 50 when absent.")
                    @RequestParam(required = false) Integer limit,
                    @Parameter(description = "The `escrow_id` of the last escrow of the previous page.",
                            example = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc")
                    @RequestParam(required = false) String cursor,
                    RequestContext context) {
        Validator check = new Validator();
        check.text("vault_id", vaultId, 1, 128);
        int pageSize = check.pageSize(limit);
        SubcentFormat.StatusFilter filter = status == null ? SubcentFormat.StatusFilter.ANY
                : SubcentFormat.StatusFilter.of(status);
        if (filter == null) {
            check.reject("status", "must be one of funded, released, refunded, disputed");
        }
        if (cursor != null && !Ids.ESCROW.isWellFormed(cursor)) {
            check.reject("cursor", "must be the escrow_id of the last escrow of the previous page");
        }
        check.throwIfInvalid();
        if (!Ids.VAULT.isWellFormed(vaultId) || vaults.find(context.integratorId(), vaultId).isEmpty()) {
            throw noVault(vaultId);
        }
        EscrowPage page = escrows.list(context.integratorId(),
                new EscrowFilter(filter.states(), null, vaultId, filter.anyReleased(), cursor), pageSize);
        return new EscrowList(page.escrows().stream()
                                  .map(view -> new Summary(view.escrowId(), view.fundingVaultId(), view.clientId(),
                                          view.contractorId(), amount(view), view.currency(), conditionType(view),
                                          status(view), SubcentFormat.time(view.expiresAt()),
                                          SubcentFormat.time(view.createdAt())))
                                  .toList(),
                page.hasMore());
    }

    @Operation(operationId = "subcentReleaseEscrow", summary = "Release to the merchant",
            description = "Releases everything held to the merchant, whatever the release condition, or with "
                          + "`amount` that part of it (the rest stays held; the platform's fee, if the escrow has "
                          + "one, is taken from it). No body, `{}` or `{\"amount\": \"120.50\"}`: any other body "
                          + "is refused. Refused past the expiry time, for an escrow already "
                          + "`released` (`escrow_already_released`) and in any other status but `funded` "
                          + "(`policy_violation`).")
    @PostMapping("/{escrowId}/release")
    Released release(@PathVariable String escrowId, @RequestBody(required = false) MoveFunds body,
                     RequestContext context) {
        EscrowView view = moveMoney(context, escrowId, body, (part, now) -> new ReleaseFundsCommand(escrowId,
                context.integratorId(), part.milestoneId(), now, part.amount()));
        return new Released(view.escrowId(), status(view), hashes(context, view).release(),
                SubcentFormat.time(view.closedAt()));
    }

    /** A disputed escrow can be refunded: the canonical refund concedes its dispute to the client. */
    @Operation(operationId = "subcentRefundEscrow", summary = "Refund to the vault",
            description = "Returns everything held to the vault's available balance, or with `amount` that part of "
                          + "it (the rest stays held); allowed after the expiry time. The platform's fee is returned. "
                          + "No body, `{}` or `{\"amount\": \"120.50\"}`: any other body is refused. On a `disputed` escrow it concedes the dispute "
                          + "to the agent (a REFUND decision, without the evidence lock).")
    @PostMapping("/{escrowId}/refund")
    Refunded refund(@PathVariable String escrowId, @RequestBody(required = false) MoveFunds body,
                    RequestContext context) {
        EscrowView view = moveMoney(context, escrowId, body, (part, now) -> new RefundFundsCommand(escrowId,
                context.integratorId(), part.milestoneId(), now, true, part.amount()));
        return new Refunded(view.escrowId(), status(view), SubcentFormat.time(view.closedAt()));
    }

    /** The body is optional; the reason defaults as in the seed. The agent (the paying side) is the one disputing. */
    @Operation(operationId = "subcentOpenDispute", summary = "Dispute an escrow",
            description = "The agent (the paying side) disputes a `funded` escrow, opening a canonical dispute (reason "
                          + "OTHER, the `reason` as its statement). It is resolved through the /v1 dispute flow by "
                          + "its `dispute_id` (shown by GET /v1/escrows/{id}), or conceded by a refund.")
    @PostMapping("/{escrowId}/dispute")
    Disputed dispute(@PathVariable String escrowId, @RequestBody(required = false) DisputeRequest request,
                     RequestContext context) {
        Validator check = new Validator();
        String reason = request == null || request.reason() == null ? "Dispute raised"
                : check.text("reason", request.reason(), 1, 2000);
        check.throwIfInvalid();
        EscrowView escrow = read(context, escrowId);
        Actor agent = new Actor(escrow.clientId() == null ? "agent" : escrow.clientId(), ActorRole.CLIENT);
        Instant now = Instants.now(clock);
        send(context, escrow, new OpenDisputeCommand(escrowId, context.integratorId(), Ids.DISPUTE.next(clock),
                DisputeReason.OTHER, reason, agent, now, evidenceWindows.dueBy(context.integratorId(), now)), false);
        // The dispute was opened at the command's time, and an escrow with an open dispute is disputed.
        return new Disputed(escrowId, SubcentFormat.status(EscrowState.DISPUTED, 0), reason, SubcentFormat.time(now));
    }

    /**
     * A release or refund of what is held, or of the part the body names (read from the escrow as it is): the escrow
     * as the command left it.
     */
    private EscrowView moveMoney(RequestContext context, String escrowId, MoveFunds body,
                                 BiFunction<Part, Instant, Object> command) {
        EscrowView escrow = read(context, escrowId);
        send(context, escrow, command.apply(part(body, escrow), Instants.now(clock)), true);
        return read(context, escrowId);
    }

    /** What a release or refund moves: {@code amount} (minor units) of a milestone; both null for all that is held. */
    private record Part(String milestoneId, Long amount) {
    }

    /** The part a release or refund names. A wrong amount is a {@code policy_violation}, as at creation. */
    private static Part part(MoveFunds body, EscrowView escrow) {
        // An absent amount reads as a JSON null (ExactJson keeps nulls): either way, everything held is meant.
        if (body == null || body.amount() == null || body.amount().node().isNull()) {
            return new Part(null, null);
        }
        return new Part(onlyMilestone(escrow),
                SubcentFormat.amount(SubcentFormat.positiveAmount(body.amount()), escrow.currency()).minorUnits());
    }

    /**
     * A /subcent escrow has one amount: one milestone. An escrow made through /v1 may have more: the part comes out of
     * the first that still holds money (the first of all when none does, which the escrow then refuses).
     */
    private static String onlyMilestone(EscrowView escrow) {
        return escrow.milestones().stream().filter(m -> m.state().isHeld()).findFirst()
                     .orElse(escrow.milestones().get(0)).milestoneId();
    }

    /**
     * Sends a command on an escrow read just before, renaming its refusals as the seed names them: an action the
     * escrow's status does not allow is {@code policy_violation}, or {@code escrow_already_released} for a release or
     * refund of an escrow whose money was released (the seed lists that code for those two only).
     */
    private void send(RequestContext context, EscrowView escrow, Object command, boolean movesMoney) {
        try {
            commands.send(command, context);
        } catch (DomainException refused) {
            if (refused.errorCode() != ErrorCode.INVALID_STATE_TRANSITION) {
                throw refused;
            }
            boolean released = movesMoney && "released".equals(status(read(context, escrow.escrowId())));
            throw new ApiException(released ? ApiError.ESCROW_ALREADY_RELEASED : ApiError.POLICY_VIOLATION,
                    refused.getMessage());
        }
    }

    /**
     * The escrow's own hashes in its hash chain (docs/audit.md): its first event's, which is its address; the one of
     * the event that held its money; and the latest that paid the merchant, a release or a decision that gave it any.
     */
    private ChainHashes hashes(RequestContext context, EscrowView view) {
        boolean decisionPaidTheMerchant = view.disputeId() != null
                && disputes.find(context.integratorId(), view.disputeId()).map(DisputeView::decision)
                           .filter(decision -> decision.contractorPayout() > 0).isPresent();
        Set<String> payments = decisionPaidTheMerchant
                ? Set.of(EventTypes.name(MilestoneReleasedEvent.class), EventTypes.name(DisputeResolvedEvent.class))
                : Set.of(EventTypes.name(MilestoneReleasedEvent.class));
        List<AuditQueries.Link> links = audit.links(view.escrowId());
        return new ChainHashes(lastHash(links, link -> link.sequence() == 0),
                lastHash(links, link -> link.typeName().equals(EventTypes.name(EscrowFundedFromVaultEvent.class))),
                lastHash(links, link -> payments.contains(link.typeName())));
    }

    /** The hash of the last of these links, or null. */
    private static String lastHash(List<AuditQueries.Link> links, Predicate<AuditQueries.Link> which) {
        return links.stream().filter(which).map(AuditQueries.Link::hash).reduce((earlier, later) -> later)
                    .orElse(null);
    }

    private record ChainHashes(String address, String fund, String release) {
    }

    private static DomainException noVault(String vaultId) {
        return new DomainException(ErrorCode.VAULT_NOT_FOUND, "No vault " + vaultId);
    }

    /** One of the caller's vault-funded escrows: any other, or an unknown id, is not found here. */
    private EscrowView read(RequestContext context, String escrowId) {
        if (!Ids.ESCROW.isWellFormed(escrowId)) {
            throw new DomainException(ErrorCode.ESCROW_NOT_FOUND, "No escrow " + escrowId);
        }
        return escrows.find(context.integratorId(), escrowId).filter(view -> view.fundingVaultId() != null)
                      .orElseThrow(() -> new DomainException(ErrorCode.ESCROW_NOT_FOUND, "No escrow " + escrowId));
    }

    private static String amount(EscrowView view) {
        return SubcentFormat.amount(view.totalAmount(), view.currency());
    }

    private static String status(EscrowView view) {
        return SubcentFormat.status(view.state(), view.releasedAmount());
    }

    private static String conditionType(EscrowView view) {
        return view.condition() == null ? null : ConditionData.typeName(view.condition().terms().type());
    }

    private static Map<String, Object> conditionData(EscrowView view) {
        return view.condition() == null ? null : ConditionData.of(view.condition().terms());
    }
}
