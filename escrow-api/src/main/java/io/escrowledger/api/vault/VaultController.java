package io.escrowledger.api.vault;

import io.escrowledger.api.command.CommandDispatcher;
import io.escrowledger.api.vault.VaultRequests.Movement;
import io.escrowledger.api.vault.VaultRequests.OpenVault;
import io.escrowledger.api.vault.VaultResponses.BalanceAsOf;
import io.escrowledger.api.vault.VaultResponses.Entry;
import io.escrowledger.api.vault.VaultResponses.EntryList;
import io.escrowledger.api.vault.VaultResponses.VaultResponse;
import io.escrowledger.api.web.Cursors;
import io.escrowledger.api.web.MetadataRequest;
import io.escrowledger.api.web.Ids;
import io.escrowledger.api.web.Instants;
import io.escrowledger.api.web.RequestContext;
import io.escrowledger.api.web.Validator;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import io.escrowledger.domain.vault.DepositCommand;
import io.escrowledger.domain.vault.FreezeVaultCommand;
import io.escrowledger.domain.vault.OpenVaultCommand;
import io.escrowledger.domain.vault.UpdateVaultMetadataCommand;
import io.escrowledger.domain.vault.UnfreezeVaultCommand;
import io.escrowledger.domain.vault.VaultBalance;
import io.escrowledger.domain.vault.VaultEvent;
import io.escrowledger.domain.vault.VaultOpenedEvent;
import io.escrowledger.domain.vault.WithdrawCommand;
import io.escrowledger.projections.ledger.LedgerQueries;
import io.escrowledger.projections.replay.EventHistory;
import io.escrowledger.projections.vault.VaultQueries;
import io.escrowledger.projections.vault.VaultView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import static io.escrowledger.api.vault.VaultResponses.VAULT_ID;
import static io.escrowledger.api.vault.VaultResponses.VAULT_ID_EXAMPLE;

/**
 * Vaults: balances that fund escrows, moved only by balanced ledger transactions (docs/ledger.md). Deposits and
 * withdrawals are idempotent on the caller's reference.
 */
@Tag(name = "Vaults",
        description = "Balances in one currency that fund escrows, moved only by balanced ledger transactions.")
@RestController
public record VaultController(CommandDispatcher commands, VaultQueries vaults, LedgerQueries ledger,
                              EventHistory eventHistory, Cursors cursors, Clock clock) {

    /** A ledger entry's id, as a page cursor carries it. */
    private static final Pattern ENTRY_ID = Pattern.compile("[0-9]{1,18}");

    @Operation(operationId = "openVault", summary = "Open a vault",
            description = "Opens an empty, active vault in one currency (USDC unless another is given). Fund it with "
                          + "deposits; escrows created with funding.vault_id hold money from it.")
    @ApiResponse(responseCode = "201", description = "The vault, opened", useReturnTypeSchema = true,
            headers = @Header(name = "Location", description = "/v1/vaults/{id}", schema = @Schema(type = "string")))
    @PostMapping("/v1/vaults")
    ResponseEntity<VaultResponse> open(@RequestBody OpenVault request, RequestContext context) {
        Validator check = new Validator();
        String currency = request.currency() == null ? "USDC" : check.currency("currency", request.currency());
        String name = request.name() == null ? null : check.text("name", request.name(), 1, 200);
        String externalId = request.externalId() == null ? null : check.text("external_id", request.externalId(), 1, 128);
        Map<String, String> metadata = check.metadata("metadata", request.metadata());
        check.throwIfInvalid();
        String vaultId = Ids.VAULT.next(clock);
        VaultResponse opened = commands.sendAndRead(new OpenVaultCommand(vaultId, context.integratorId(), currency,
                name, externalId, Instants.now(clock), metadata), context, () -> read(context, vaultId));
        return ResponseEntity.created(URI.create("/v1/vaults/" + vaultId)).body(opened);
    }

    @Operation(operationId = "getVault", summary = "Read a vault",
            description = "The vault with its current balances. Another integrator's vault is 404 vault_not_found.")
    @GetMapping("/v1/vaults/{vaultId}")
    VaultResponse get(@Parameter(description = VAULT_ID, example = VAULT_ID_EXAMPLE) @PathVariable String vaultId,
                      RequestContext context) {
        return read(context, vaultId);
    }

    @Operation(operationId = "depositToVault", summary = "Deposit into a vault",
            description = "Adds the amount to the vault's available balance. The same reference again changes nothing; "
                          + "with another amount, or a reference a withdrawal used, it is 409 reference_conflict. A "
                          + "vault holds at most 2^53 - 1 minor units in total.")
    @PostMapping("/v1/vaults/{vaultId}/deposits")
    VaultResponse deposit(@Parameter(description = VAULT_ID, example = VAULT_ID_EXAMPLE) @PathVariable String vaultId,
                          @RequestBody Movement request, RequestContext context) {
        return move(vaultId, request, context, DepositCommand::new);
    }

    @Operation(operationId = "withdrawFromVault", summary = "Withdraw from a vault",
            description = "Takes the amount from the vault's available balance, never more than available (409 "
                          + "insufficient_balance); refused while the vault is frozen (409 vault_frozen). "
                          + "Idempotent on the reference, like deposits.")
    @PostMapping("/v1/vaults/{vaultId}/withdrawals")
    VaultResponse withdraw(@Parameter(description = VAULT_ID, example = VAULT_ID_EXAMPLE) @PathVariable String vaultId,
                           @RequestBody Movement request, RequestContext context) {
        return move(vaultId, request, context, WithdrawCommand::new);
    }

    @Operation(operationId = "updateVaultMetadata", summary = "Update a vault's metadata",
            description = "Changes the vault's metadata, frozen or not: each key named is set to its value, an empty "
                          + "value removes the key, keys not named keep theirs (at most 50 after the change). A "
                          + "change that changes nothing records nothing.")
    @PostMapping("/v1/vaults/{vaultId}/metadata")
    VaultResponse updateMetadata(@Parameter(description = VAULT_ID, example = VAULT_ID_EXAMPLE)
                                 @PathVariable String vaultId, @RequestBody MetadataRequest request,
                                 RequestContext context) {
        // request.changes() checks the body, so a vault that is not there is answered 404 before a bad body is 422.
        return change(vaultId, context, (id, integratorId, requestedAt) -> new UpdateVaultMetadataCommand(id,
                integratorId, request.changes(), requestedAt));
    }

    @Operation(operationId = "freezeVault", summary = "Freeze a vault",
            description = "A frozen vault funds no new escrow and allows no withdrawal; releases, refunds and "
                          + "decisions of the escrows it already funded still complete.")
    @PostMapping("/v1/vaults/{vaultId}/freeze")
    VaultResponse freeze(@Parameter(description = VAULT_ID, example = VAULT_ID_EXAMPLE) @PathVariable String vaultId,
                         RequestContext context) {
        return change(vaultId, context, FreezeVaultCommand::new);
    }

    @Operation(operationId = "unfreezeVault", summary = "Unfreeze a vault",
            description = "Makes a frozen vault active again.")
    @PostMapping("/v1/vaults/{vaultId}/unfreeze")
    VaultResponse unfreeze(@Parameter(description = VAULT_ID, example = VAULT_ID_EXAMPLE) @PathVariable String vaultId,
                           RequestContext context) {
        return change(vaultId, context, UnfreezeVaultCommand::new);
    }

    /** Deposits and withdrawals differ only in their command. */
    private interface MovementCommand {
        Object create(String vaultId, String integratorId, Money amount, String reference, Instant requestedAt);
    }

    /** Freezing, unfreezing and changing the metadata differ only in their command. */
    private interface ChangeCommand {
        Object create(String vaultId, String integratorId, Instant requestedAt);
    }

    private VaultResponse move(String vaultId, Movement request, RequestContext context, MovementCommand command) {
        VaultView vault = vault(context, vaultId);
        Validator check = new Validator();
        Long amount = check.amount("amount", request.amount());
        String reference = check.text("reference", request.reference(), 1, 128);
        check.throwIfInvalid();
        return commands.sendAndRead(command.create(vaultId, context.integratorId(), Money.of(amount, vault.currency()),
                reference, Instants.now(clock)), context, () -> read(context, vaultId));
    }

    private VaultResponse change(String vaultId, RequestContext context, ChangeCommand command) {
        vault(context, vaultId);
        return commands.sendAndRead(command.create(vaultId, context.integratorId(), Instants.now(clock)), context,
                () -> read(context, vaultId));
    }

    /** Every ledger entry on the vault's accounts, newest first, with its transaction and the running balance. */
    @Operation(operationId = "listVaultEntries", summary = "List a vault's ledger entries",
            description = "Every ledger entry on the vault's available and held accounts, newest first, with its "
                          + "transaction and the account's running balance.")
    @GetMapping("/v1/vaults/{vaultId}/entries")
    EntryList entries(@Parameter(description = VAULT_ID, example = VAULT_ID_EXAMPLE) @PathVariable String vaultId,
                      @Parameter(description = "Page size, 1 to 200 (default 50)", example = "50")
                      @RequestParam(required = false) Integer limit,
                      @Parameter(description = "The next_cursor of the previous page")
                      @RequestParam(required = false) String cursor, RequestContext context,
                      HttpServletRequest http) {
        vault(context, vaultId);
        Validator check = new Validator();
        int pageSize = check.pageSize(limit);
        String before = cursors.position(check, http, cursor, ENTRY_ID.asMatchPredicate());
        check.throwIfInvalid();
        LedgerQueries.EntryPage page = ledger.vaultEntries(vaultId, before == null ? null : Long.valueOf(before),
                pageSize);
        List<Entry> data = page.entries().stream().map(e -> new Entry(e.entryId(), e.transactionId(), e.kind(),
                e.account(), e.currency(), e.amount(), e.balanceAfter(), e.escrowId(), e.reference(), e.occurredAt()))
                                .toList();
        return new EntryList(data, page.hasMore(), cursors.next(http, page.hasMore(), data, Entry::id));
    }

    /** The balances at any past moment, folded from the vault's own events (not from a read model). */
    @Operation(operationId = "getVaultBalance", summary = "A vault's balances at an instant",
            description = "The balances at any past instant (now by default), computed from the vault's own events, "
                          + "not from a read model, whole commands only (never part of one). 404 vault_not_found "
                          + "before the vault existed.")
    @GetMapping("/v1/vaults/{vaultId}/balance")
    BalanceAsOf balance(@Parameter(description = VAULT_ID, example = VAULT_ID_EXAMPLE) @PathVariable String vaultId,
                        @Parameter(description = "RFC 3339 date-time with an offset; now when left out",
                                   example = "2025-01-16T00:00:00Z")
                        @RequestParam(name = "as_of", required = false) String asOf,
                        RequestContext context) {
        VaultView vault = vault(context, vaultId);
        Validator check = new Validator();
        Instant at = asOf == null ? clock.instant() : check.time("as_of", asOf, true);
        check.throwIfInvalid();
        List<? extends DomainEventMessage<?>> past = eventHistory.upTo(vaultId, at);
        if (past.isEmpty() || !(past.get(0).getPayload() instanceof VaultOpenedEvent)) {
            throw new DomainException(ErrorCode.VAULT_NOT_FOUND, "Vault " + vaultId + " did not exist at " + at);
        }
        VaultBalance balance = VaultBalance.empty(vault.currency());
        for (DomainEventMessage<?> event : past) {
            balance = balance.after((VaultEvent) event.getPayload());
        }
        return new BalanceAsOf(vaultId, vault.currency(), at, balance.available().minorUnits(),
                balance.held().minorUnits(), balance.total().minorUnits());
    }

    private VaultView vault(RequestContext context, String vaultId) {
        if (!Ids.VAULT.isWellFormed(vaultId)) {
            throw notFound(vaultId);
        }
        return vaults.find(context.integratorId(), vaultId).orElseThrow(() -> notFound(vaultId));
    }

    private VaultResponse read(RequestContext context, String vaultId) {
        return VaultResponse.of(vault(context, vaultId));
    }

    private static DomainException notFound(String vaultId) {
        return new DomainException(ErrorCode.VAULT_NOT_FOUND, "No vault " + Objects.toString(vaultId));
    }
}
