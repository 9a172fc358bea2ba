package io.escrowledger.api.subcent;

import io.escrowledger.api.command.CommandDispatcher;
import io.escrowledger.api.escrow.ConditionRequests;
import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.ApiException;
import io.escrowledger.api.web.Ids;
import io.escrowledger.api.web.Instants;
import io.escrowledger.api.web.RequestContext;
import io.escrowledger.api.web.Validator;
import io.escrowledger.domain.escrow.Actor;
import io.escrowledger.domain.escrow.ActorRole;
import io.escrowledger.domain.escrow.CreateEscrowCommand;
import io.escrowledger.domain.escrow.DisputeReason;
import io.escrowledger.domain.escrow.EscrowState;
import io.escrowledger.domain.escrow.FundingSource;
import io.escrowledger.domain.escrow.MilestoneTerms;
import io.escrowledger.domain.escrow.OpenDisputeCommand;
import io.escrowledger.domain.escrow.RefundFundsCommand;
import io.escrowledger.domain.escrow.ReleaseCondition;
import io.escrowledger.domain.escrow.ReleaseFundsCommand;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import io.escrowledger.projections.escrow.ConditionData;
import io.escrowledger.projections.escrow.EscrowFilter;
import io.escrowledger.projections.escrow.EscrowPage;
import io.escrowledger.projections.escrow.EscrowQueries;
import io.escrowledger.projections.escrow.EscrowView;
import io.escrowledger.projections.ledger.LedgerQueries;
import io.escrowledger.projections.vault.VaultQueries;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The second seed's escrow API, field for field (docs/subcent-compatibility.md): a thin adapter that translates its
 * requests into the canonical commands and its answers from the canonical read models. It decides nothing itself;
 * it only renames (statuses, error codes) and reformats (decimal amounts, millisecond times).
 */
@RestController
@RequestMapping("/subcent/v1/escrows")
public class SubcentController {

    /** A subcent escrow is one amount: one milestone of the canonical model, with this id. */
    static final String MILESTONE_ID = "escrow";

    private final CommandDispatcher commands;
    private final EscrowQueries escrows;
    private final VaultQueries vaults;
    private final LedgerQueries ledger;
    private final Clock clock;

    public SubcentController(CommandDispatcher commands, EscrowQueries escrows, VaultQueries vaults,
                             LedgerQueries ledger, Clock clock) {
        this.commands = commands;
        this.escrows = escrows;
        this.vaults = vaults;
        this.ledger = ledger;
        this.clock = clock;
    }

    record CreateEscrow(String vaultId, String agentId, String merchantId, String amount, String currency,
                        String conditionType, JsonNode conditionData, BigDecimal expiresInHours) {
    }

    record DisputeRequest(String reason) {
    }

    /** The create answer: the seed's fields, in its order. */
    record Created(String escrowId, String vaultId, String agentId, String merchantId, String amount, String currency,
                   String conditionType, Map<String, Object> conditionData, String status, String expiresAt,
                   String createdAt) {
    }

    record Detail(String escrowId, String vaultId, String agentId, String merchantId, String amount, String currency,
                  String conditionType, Map<String, Object> conditionData, String status, String escrowAddress,
                  String txHashFund, String txHashRelease, String expiresAt, String createdAt, String updatedAt) {
    }

    record Summary(String escrowId, String vaultId, String agentId, String merchantId, String amount, String currency,
                   String conditionType, String status, String expiresAt, String createdAt) {
    }

    record EscrowList(List<Summary> escrows, boolean hasMore) {
    }

    record Released(String escrowId, String status, String txHashRelease, String releasedAt) {
    }

    record Refunded(String escrowId, String status, String refundedAt) {
    }

    record Disputed(String escrowId, String status, String reason, String disputedAt) {
    }

    @PostMapping
    ResponseEntity<Created> create(@RequestBody CreateEscrow request, HttpServletRequest http) {
        RequestContext context = RequestContext.of(http);
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
        Money amount = SubcentFormat.amount(request.amount(), currency);
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

    @GetMapping("/{escrowId}")
    Detail get(@PathVariable String escrowId, HttpServletRequest http) {
        RequestContext context = RequestContext.of(http);
        EscrowView view = read(context, escrowId);
        List<LedgerQueries.EscrowTransaction> moves = ledger.escrowTransactions(context.integratorId(), escrowId);
        String fund = moves.stream().filter(move -> move.kind().equals("escrow_hold"))
                           .map(LedgerQueries.EscrowTransaction::transactionId).findFirst().orElse(null);
        return new Detail(view.escrowId(), view.fundingVaultId(), view.clientId(), view.contractorId(), amount(view),
                view.currency(), conditionType(view), conditionData(view), status(view),
                view.fundingVaultId() == null ? null : "vault:" + view.fundingVaultId() + ":held", fund,
                releaseTransaction(moves),
                SubcentFormat.time(view.expiresAt()), SubcentFormat.time(view.createdAt()),
                SubcentFormat.time(view.updatedAt()));
    }

    /** A vault's escrows, newest first; the cursor is the {@code escrow_id} of the previous page's last escrow. */
    @GetMapping
    EscrowList list(@RequestParam(name = "vault_id", required = false) String vaultId,
                    @RequestParam(required = false) String status,
                    @RequestParam(required = false) Integer limit,
                    @RequestParam(required = false) String cursor,
                    HttpServletRequest http) {
        RequestContext context = RequestContext.of(http);
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

    @PostMapping("/{escrowId}/release")
    Released release(@PathVariable String escrowId, HttpServletRequest http) {
        RequestContext context = RequestContext.of(http);
        send(context, escrowId, new ReleaseFundsCommand(escrowId, context.integratorId(), null, Instants.now(clock)),
                true);
        EscrowView view = read(context, escrowId);
        return new Released(view.escrowId(), status(view),
                releaseTransaction(ledger.escrowTransactions(context.integratorId(), escrowId)),
                SubcentFormat.time(view.closedAt()));
    }

    /** A disputed escrow can be refunded: the canonical refund concedes its dispute to the client. */
    @PostMapping("/{escrowId}/refund")
    Refunded refund(@PathVariable String escrowId, HttpServletRequest http) {
        RequestContext context = RequestContext.of(http);
        send(context, escrowId, new RefundFundsCommand(escrowId, context.integratorId(), null, Instants.now(clock)),
                true);
        EscrowView view = read(context, escrowId);
        return new Refunded(view.escrowId(), status(view), SubcentFormat.time(view.closedAt()));
    }

    /** The body is optional; the reason defaults as in the seed. The agent (the paying side) is the one disputing. */
    @PostMapping("/{escrowId}/dispute")
    Disputed dispute(@PathVariable String escrowId, @RequestBody(required = false) DisputeRequest request,
                     HttpServletRequest http) {
        RequestContext context = RequestContext.of(http);
        Validator check = new Validator();
        String reason = request == null || request.reason() == null ? "Dispute raised"
                : check.text("reason", request.reason(), 1, 2000);
        check.throwIfInvalid();
        EscrowView escrow = read(context, escrowId);
        Actor agent = new Actor(escrow.clientId() == null ? "agent" : escrow.clientId(), ActorRole.CLIENT);
        Instant now = Instants.now(clock);
        send(context, escrowId, new OpenDisputeCommand(escrowId, context.integratorId(), Ids.DISPUTE.next(clock),
                DisputeReason.OTHER, reason, agent, now), false);
        // The dispute was opened at the command's time, and an escrow with an open dispute is disputed.
        return new Disputed(escrowId, SubcentFormat.status(EscrowState.DISPUTED, 0), reason, SubcentFormat.time(now));
    }

    /**
     * Sends a command on an existing escrow, renaming its refusals as the seed names them: an action the escrow's
     * status does not allow is {@code policy_violation}, or {@code escrow_already_released} for a release or refund
     * of an escrow whose money was released (the seed lists that code for those two only).
     */
    private void send(RequestContext context, String escrowId, Object command, boolean movesMoney) {
        // An unknown escrow, or another integrator's, is refused as not found by the dispatcher and the aggregate.
        if (!Ids.ESCROW.isWellFormed(escrowId)) {
            throw new DomainException(ErrorCode.ESCROW_NOT_FOUND, "No escrow " + escrowId);
        }
        try {
            commands.send(command, context);
        } catch (DomainException refused) {
            if (refused.errorCode() != ErrorCode.INVALID_STATE_TRANSITION) {
                throw refused;
            }
            boolean released = movesMoney && "released".equals(status(read(context, escrowId)));
            throw new ApiException(released ? ApiError.ESCROW_ALREADY_RELEASED : ApiError.POLICY_VIOLATION,
                    refused.getMessage());
        }
    }

    /** The latest transaction that paid the merchant (a release, or a settlement of part of it), or null. */
    private static String releaseTransaction(List<LedgerQueries.EscrowTransaction> moves) {
        return moves.stream()
                    .filter(move -> move.kind().equals("escrow_release") || move.kind().equals("escrow_settlement"))
                    .map(LedgerQueries.EscrowTransaction::transactionId).reduce((first, last) -> last).orElse(null);
    }

    private static DomainException noVault(String vaultId) {
        return new DomainException(ErrorCode.VAULT_NOT_FOUND, "No vault " + vaultId);
    }

    private EscrowView read(RequestContext context, String escrowId) {
        if (!Ids.ESCROW.isWellFormed(escrowId)) {
            throw new DomainException(ErrorCode.ESCROW_NOT_FOUND, "No escrow " + escrowId);
        }
        return escrows.find(context.integratorId(), escrowId)
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
