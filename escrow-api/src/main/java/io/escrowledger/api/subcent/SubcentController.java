package io.escrowledger.api.subcent;

import io.escrowledger.api.command.CommandDispatcher;
import io.escrowledger.api.escrow.ConditionRequests;
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
import io.escrowledger.domain.serialization.ExactJson;
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
public class SubcentController {

    /** A subcent escrow is one amount: one milestone of the canonical model, with this id. */
    static final String MILESTONE_ID = "escrow";

    private final CommandDispatcher commands;
    private final EscrowQueries escrows;
    private final VaultQueries vaults;
    private final DisputeQueries disputes;
    private final AuditQueries audit;
    private final Clock clock;

    public SubcentController(CommandDispatcher commands, EscrowQueries escrows, VaultQueries vaults,
                             DisputeQueries disputes, AuditQueries audit, Clock clock) {
        this.commands = commands;
        this.escrows = escrows;
        this.vaults = vaults;
        this.disputes = disputes;
        this.audit = audit;
        this.clock = clock;
    }

    @Schema(name = "SubcentCreateEscrowRequest", description = "A vault-funded escrow of one amount.")
    record CreateEscrow(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "550e8400-e29b-41d4-a716-446655440000",
                    description = "The vault that funds the escrow (a UUID); its available balance must cover "
                                  + "`amount`.")
            String vaultId,
            @Schema(example = "agent_42",
                    description = "The paying party (the canonical `client_id`), 1 to 128 of `A-Z a-z 0-9 _ . -`.")
            String agentId,
            @Schema(example = "merchant_7",
                    description = "Who released money goes to (the canonical `contractor_id`), as `agent_id`.")
            String merchantId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, type = "string", implementation = String.class,
                    pattern = "^[0-9]{1,20}(\\.[0-9]{1,20})?$",
                    description = "A decimal string in the currency's units, e.g. \"500.00\": 1 to 20 digits, "
                                  + "optionally `.` and 1 to 20 digits, no more significant decimals than the "
                                  + "currency has, more than zero. A missing, invalid, zero or negative amount is "
                                  + "`422 policy_violation`, whatever else is wrong with the request.")
            ExactJson amount,
            @Schema(example = "USDC", defaultValue = "USDC",
                    description = "The escrow's currency, which must be the vault's; USDC when absent.")
            String currency,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "oracle_confirmation",
                    allowableValues = {"time_release", "oracle_confirmation", "multi_sig_approval",
                            "delivery_confirmation"},
                    description = "The release condition's type.")
            String conditionType,
            @Schema(type = "object", implementation = Object.class,
                    additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                    example = "{\"oracle_id\": \"oracle_fedex\", \"event\": \"delivered\", "
                              + "\"tracking_number\": \"1Z999\"}",
                    description = "Optional: any JSON object of at most 4096 bytes (written compactly), nested "
                                  + "at most 16 levels, without control characters in its names and strings; kept "
                                  + "and returned exactly. The condition type's own fields are read from it, each "
                                  + "optional: `time_release`: `release_at` (RFC 3339, in the future and before the "
                                  + "expiry; without it, the money is released at the expiry); "
                                  + "`oracle_confirmation`: `oracle_id` (1 to 128 of `A-Z a-z 0-9 _ . -`; without it, "
                                  + "your own confirmation, naming any oracle, counts) and `event` (1 to 256 "
                                  + "characters); `multi_sig_approval`: `approvers` (1 to 20 distinct ids; without "
                                  + "them, any approver you name counts) and `threshold` (1 to the number of "
                                  + "approvers, or to 20; without it, 2, or every approver when fewer are named); "
                                  + "`delivery_confirmation`: none. Everything else is free-form.")
            ExactJson conditionData,
            @Schema(example = "24", defaultValue = "24",
                    description = "When the escrow expires, in hours from now: more than 0, at most 87600, a whole "
                                  + "number of milliseconds (0.5 is fine); 24 when absent.")
            BigDecimal expiresInHours) {
    }

    /** Release and refund take nothing: no body, or {@code {}}; anything else is refused before anything moves. */
    @Schema(name = "SubcentNoFieldsRequest", description = "Release and refund take no fields: send no body, or `{}`.")
    record NoFields() {
    }

    @Schema(name = "SubcentDisputeRequest", description = "The optional body of a dispute.")
    record DisputeRequest(
            @Schema(example = "Product was not as described",
                    description = "Why, 1 to 2000 characters; \"Dispute raised\" when absent.")
            String reason) {
    }

    /** The create answer: the seed's fields, in its order. */
    @Schema(name = "SubcentCreatedEscrow", description = "The escrow just created, funded from its vault.")
    record Created(@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                           example = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc",
                           description = "`esc_` followed by a UUID v7; the same id as on /v1.")
                   String escrowId,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                           example = "550e8400-e29b-41d4-a716-446655440000")
                   String vaultId,
                   @Schema(nullable = true, example = "agent_42", description = "Null when none was given.")
                   String agentId,
                   @Schema(nullable = true, example = "merchant_7", description = "Null when none was given.")
                   String merchantId,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                           description = "A decimal string with at least two decimals, more only when the amount has "
                                         + "them (\"500.00\", \"0.000001\"); a currency with fewer decimals shows "
                                         + "its own.")
                   String amount,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "USDC")
                   String currency,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "oracle_confirmation",
                           allowableValues = {"time_release", "oracle_confirmation", "multi_sig_approval",
                                   "delivery_confirmation"})
                   String conditionType,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                           additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                           example = "{\"oracle_id\": \"oracle_fedex\", \"event\": \"delivered\"}",
                           description = "The condition's fields and free-form details, as given (`{}` when there "
                                         + "is nothing); a `time_release`'s `release_at` is echoed in the canonical "
                                         + "form.")
                   Map<String, Object> conditionData,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "funded",
                           allowableValues = {"funded", "released", "refunded", "disputed"},
                           description = "Always `funded` for a new escrow.")
                   String status,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time",
                           example = "2025-01-18T10:30:00.000Z",
                           description = "When what is still held goes back to the vault: UTC with milliseconds.")
                   String expiresAt,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time",
                           example = "2025-01-15T10:30:00.000Z", description = "UTC with milliseconds.")
                   String createdAt) {
    }

    @Schema(name = "SubcentEscrow", description = "An escrow as the /subcent API shows it: any escrow funded from a "
                                                  + "vault, also one created on /v1.")
    record Detail(@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                          example = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc")
                  String escrowId,
                  @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                          example = "550e8400-e29b-41d4-a716-446655440000", description = "The funding vault.")
                  String vaultId,
                  @Schema(nullable = true, example = "agent_42", description = "The paying party; null when none.")
                  String agentId,
                  @Schema(nullable = true, example = "merchant_7", description = "The payee; null when none.")
                  String merchantId,
                  @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                          description = "The total amount as a decimal string, e.g. \"500.00\".")
                  String amount,
                  @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "USDC")
                  String currency,
                  @Schema(nullable = true, example = "oracle_confirmation",
                          description = "`time_release`, `oracle_confirmation`, `multi_sig_approval` or "
                                        + "`delivery_confirmation`; null for an escrow without a release condition.")
                  String conditionType,
                  @Schema(nullable = true, additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                          example = "{\"oracle_id\": \"oracle_fedex\", \"event\": \"delivered\"}",
                          description = "The condition's fields and free-form details (`{}` when there is nothing); "
                                        + "null for an escrow without a release condition.")
                  Map<String, Object> conditionData,
                  @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "funded",
                          allowableValues = {"funded", "released", "refunded", "disputed"},
                          description = "`released` once any money went to the merchant, `refunded` once it all went "
                                        + "back (docs/subcent-compatibility.md, Statuses).")
                  String status,
                  @Schema(nullable = true,
                          example = "3f1c9a6e0b8d4f2a7c5e1b9d3a6f8c2e4b7d1a9f5c3e8b2d6a4f1c7e9b3d5a8f",
                          description = "The escrow's own address: the hash of its first event (its creation) in its "
                                        + "hash chain, unique to it and fixed; sequence 0 of GET "
                                        + "/v1/escrows/{id}/events. Null only for an escrow whose events were all "
                                        + "stored before the hash chain existed (docs/audit.md), until its next event.")
                  String escrowAddress,
                  @Schema(nullable = true,
                          example = "9b2e4d7a1c6f3e8b5d2a9c4f7e1b3d6a8c5f2e9b4d7a1c3e6f8b2d5a9c4e7f1b",
                          description = "The chain hash of the event that held the money from the vault "
                                        + "(EscrowFundedFromVaultEvent), as GET /v1/escrows/{id}/events and the audit "
                                        + "bundle show it; null as `escrow_address` is.")
                  String txHashFund,
                  @Schema(nullable = true, example = "c4e7f1b9b2e4d7a1c6f3e8b5d2a9c4f7e1b3d6a8c5f2e9b4d7a1c3e6f8b2d5a9",
                          description = "The chain hash of the latest event that paid the merchant (a release, or a "
                                        + "dispute decision that gave the merchant any of it); null while nothing was "
                                        + "released.")
                  String txHashRelease,
                  @Schema(nullable = true, format = "date-time", example = "2025-01-18T10:30:00.000Z",
                          description = "When what is still held goes back; null for an escrow that never expires.")
                  String expiresAt,
                  @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time",
                          example = "2025-01-15T10:30:00.000Z")
                  String createdAt,
                  @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time",
                          example = "2025-01-16T09:00:00.000Z")
                  String updatedAt) {
    }

    @Schema(name = "SubcentEscrowSummary", description = "An escrow in a /subcent list (no `condition_data`).")
    record Summary(@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                           example = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc")
                   String escrowId,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                           example = "550e8400-e29b-41d4-a716-446655440000")
                   String vaultId,
                   @Schema(nullable = true, example = "agent_42", description = "The paying party; null when none.")
                   String agentId,
                   @Schema(nullable = true, example = "merchant_7", description = "The payee; null when none.")
                   String merchantId,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                           description = "The total amount as a decimal string, e.g. \"500.00\".")
                   String amount,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "USDC")
                   String currency,
                   @Schema(nullable = true, example = "oracle_confirmation",
                           description = "The release condition's type; null for a /v1 escrow without one.")
                   String conditionType,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "funded",
                           allowableValues = {"funded", "released", "refunded", "disputed"})
                   String status,
                   @Schema(nullable = true, format = "date-time", example = "2025-01-18T10:30:00.000Z",
                           description = "When what is still held goes back to the vault; null for never.")
                   String expiresAt,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time",
                           example = "2025-01-15T10:30:00.000Z")
                   String createdAt) {
    }

    @Schema(name = "SubcentEscrowList", description = "One page of a vault's escrows, newest first.")
    record EscrowList(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The escrows of this page.")
                      List<Summary> escrows,
                      @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                              description = "Whether another page follows: pass the last `escrow_id` as `cursor`.")
                      boolean hasMore) {
    }

    @Schema(name = "SubcentReleasedEscrow", description = "The answer to a release.")
    record Released(@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                            example = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc")
                    String escrowId,
                    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "released",
                            allowableValues = {"funded", "released", "refunded", "disputed"},
                            description = "`released` after a release.")
                    String status,
                    @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                            example = "c4e7f1b9b2e4d7a1c6f3e8b5d2a9c4f7e1b3d6a8c5f2e9b4d7a1c3e6f8b2d5a9",
                            description = "The chain hash of the event that released the money (as in the escrow's "
                                          + "`tx_hash_release`).")
                    String txHashRelease,
                    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time",
                            example = "2025-01-16T09:00:00.000Z", description = "When the escrow closed.")
                    String releasedAt) {
    }

    @Schema(name = "SubcentRefundedEscrow", description = "The answer to a refund.")
    record Refunded(@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                            example = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc")
                    String escrowId,
                    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "refunded",
                            allowableValues = {"funded", "released", "refunded", "disputed"},
                            description = "`refunded`; `released` when a refund conceding a dispute follows an "
                                          + "earlier release of part of the money.")
                    String status,
                    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time",
                            example = "2025-01-16T09:00:00.000Z", description = "When the escrow closed.")
                    String refundedAt) {
    }

    @Schema(name = "SubcentDisputedEscrow", description = "The answer to a dispute.")
    record Disputed(@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                            example = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc")
                    String escrowId,
                    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "disputed",
                            allowableValues = "disputed")
                    String status,
                    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Product was not as described")
                    String reason,
                    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time",
                            example = "2025-01-17T08:00:00.000Z", description = "When the dispute was opened.")
                    String disputedAt) {
    }

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
            description = "Releases everything held to the merchant, whatever the release condition. No body (or "
                          + "`{}`): any other body is refused. Refused past the expiry time, for an escrow already "
                          + "`released` (`escrow_already_released`) and in any other status but `funded` "
                          + "(`policy_violation`).")
    @PostMapping("/{escrowId}/release")
    Released release(@PathVariable String escrowId, @RequestBody(required = false) NoFields body,
                     RequestContext context) {
        send(context, read(context, escrowId),
                new ReleaseFundsCommand(escrowId, context.integratorId(), null, Instants.now(clock)), true);
        EscrowView view = read(context, escrowId);
        return new Released(view.escrowId(), status(view), hashes(context, view).release(),
                SubcentFormat.time(view.closedAt()));
    }

    /** A disputed escrow can be refunded: the canonical refund concedes its dispute to the client. */
    @Operation(operationId = "subcentRefundEscrow", summary = "Refund to the vault",
            description = "Returns everything held to the vault's available balance; allowed after the expiry time. No "
                          + "body (or `{}`): any other body is refused. On a `disputed` escrow it concedes the dispute "
                          + "to the agent (a REFUND decision, without the evidence lock).")
    @PostMapping("/{escrowId}/refund")
    Refunded refund(@PathVariable String escrowId, @RequestBody(required = false) NoFields body,
                    RequestContext context) {
        send(context, read(context, escrowId),
                new RefundFundsCommand(escrowId, context.integratorId(), null, Instants.now(clock)), true);
        EscrowView view = read(context, escrowId);
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
                DisputeReason.OTHER, reason, agent, now), false);
        // The dispute was opened at the command's time, and an escrow with an open dispute is disputed.
        return new Disputed(escrowId, SubcentFormat.status(EscrowState.DISPUTED, 0), reason, SubcentFormat.time(now));
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
