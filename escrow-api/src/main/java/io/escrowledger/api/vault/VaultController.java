package io.escrowledger.api.vault;

import io.escrowledger.api.audit.EventHistory;
import io.escrowledger.api.command.CommandDispatcher;
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
import io.escrowledger.domain.vault.UnfreezeVaultCommand;
import io.escrowledger.domain.vault.VaultBalance;
import io.escrowledger.domain.vault.VaultEvent;
import io.escrowledger.domain.vault.VaultOpenedEvent;
import io.escrowledger.domain.vault.WithdrawCommand;
import io.escrowledger.projections.ledger.LedgerQueries;
import io.escrowledger.projections.vault.VaultQueries;
import io.escrowledger.projections.vault.VaultView;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.http.HttpStatus;
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
import java.util.Objects;

/**
 * Vaults: balances that fund escrows, moved only by balanced ledger transactions (docs/ledger.md). Deposits and
 * withdrawals are idempotent on the caller's reference.
 */
@RestController
public class VaultController {

    private final CommandDispatcher commands;
    private final VaultQueries vaults;
    private final LedgerQueries ledger;
    private final EventHistory eventHistory;
    private final Clock clock;

    public VaultController(CommandDispatcher commands, VaultQueries vaults, LedgerQueries ledger,
                           EventHistory eventHistory, Clock clock) {
        this.commands = commands;
        this.vaults = vaults;
        this.ledger = ledger;
        this.eventHistory = eventHistory;
        this.clock = clock;
    }

    record OpenVault(String currency, String name, String externalId) {
    }

    record Movement(Long amount, String reference) {
    }

    record VaultResponse(String id, String currency, String name, String externalId, String status, long available,
                         long held, long total, Instant createdAt, Instant updatedAt) {
        static VaultResponse of(VaultView view) {
            return new VaultResponse(view.vaultId(), view.currency(), view.name(), view.externalId(), view.status(),
                    view.available(), view.held(), view.total(), view.createdAt(), view.updatedAt());
        }
    }

    record Entry(long id, String transactionId, String kind, String account, String currency, long amount,
                 long balanceAfter, String escrowId, String reference, Instant occurredAt) {
    }

    record EntryList(List<Entry> data, boolean hasMore, String nextCursor) {
    }

    record BalanceAsOf(String vaultId, String currency, Instant asOf, long available, long held, long total) {
    }

    @PostMapping("/v1/vaults")
    ResponseEntity<VaultResponse> open(@RequestBody OpenVault request, HttpServletRequest http) {
        RequestContext context = RequestContext.of(http);
        Validator check = new Validator();
        String currency = request.currency() == null ? "USDC" : check.currency("currency", request.currency());
        String name = request.name() == null ? null : check.text("name", request.name(), 1, 200);
        String externalId = request.externalId() == null ? null : check.text("external_id", request.externalId(), 1, 128);
        check.throwIfInvalid();
        String vaultId = Ids.VAULT.next(clock);
        commands.send(new OpenVaultCommand(vaultId, context.integratorId(), currency, name, externalId,
                Instants.now(clock)), context);
        return ResponseEntity.created(URI.create("/v1/vaults/" + vaultId)).body(read(context, vaultId));
    }

    @GetMapping("/v1/vaults/{vaultId}")
    VaultResponse get(@PathVariable String vaultId, HttpServletRequest http) {
        return read(RequestContext.of(http), vaultId);
    }

    @PostMapping("/v1/vaults/{vaultId}/deposits")
    VaultResponse deposit(@PathVariable String vaultId, @RequestBody Movement request, HttpServletRequest http) {
        return move(vaultId, request, http, DepositCommand::new);
    }

    @PostMapping("/v1/vaults/{vaultId}/withdrawals")
    VaultResponse withdraw(@PathVariable String vaultId, @RequestBody Movement request, HttpServletRequest http) {
        return move(vaultId, request, http, WithdrawCommand::new);
    }

    @PostMapping("/v1/vaults/{vaultId}/freeze")
    VaultResponse freeze(@PathVariable String vaultId, HttpServletRequest http) {
        return change(vaultId, http, FreezeVaultCommand::new);
    }

    @PostMapping("/v1/vaults/{vaultId}/unfreeze")
    VaultResponse unfreeze(@PathVariable String vaultId, HttpServletRequest http) {
        return change(vaultId, http, UnfreezeVaultCommand::new);
    }

    /** Deposits and withdrawals differ only in their command. */
    private interface MovementCommand {
        Object create(String vaultId, String integratorId, Money amount, String reference, Instant requestedAt);
    }

    /** Freezing and unfreezing differ only in their command. */
    private interface StatusCommand {
        Object create(String vaultId, String integratorId, Instant requestedAt);
    }

    private VaultResponse move(String vaultId, Movement request, HttpServletRequest http, MovementCommand command) {
        RequestContext context = RequestContext.of(http);
        VaultView vault = vault(context, vaultId);
        Validator check = new Validator();
        Long amount = check.amount("amount", request.amount());
        String reference = check.text("reference", request.reference(), 1, 128);
        check.throwIfInvalid();
        commands.send(command.create(vaultId, context.integratorId(), Money.of(amount, vault.currency()), reference,
                Instants.now(clock)), context);
        return read(context, vaultId);
    }

    private VaultResponse change(String vaultId, HttpServletRequest http, StatusCommand command) {
        RequestContext context = RequestContext.of(http);
        vault(context, vaultId);
        commands.send(command.create(vaultId, context.integratorId(), Instants.now(clock)), context);
        return read(context, vaultId);
    }

    /** Every ledger entry on the vault's accounts, newest first, with its transaction and the running balance. */
    @GetMapping("/v1/vaults/{vaultId}/entries")
    EntryList entries(@PathVariable String vaultId, @RequestParam(required = false) Integer limit,
                      @RequestParam(required = false) String cursor, HttpServletRequest http) {
        vault(RequestContext.of(http), vaultId);
        Validator check = new Validator();
        int pageSize = check.pageSize(limit);
        Long before = null;
        if (cursor != null) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                check.reject("cursor", "must be a next_cursor value from a previous page");
            }
        }
        check.throwIfInvalid();
        LedgerQueries.EntryPage page = ledger.vaultEntries(vaultId, before, pageSize);
        List<Entry> data = page.entries().stream().map(e -> new Entry(e.entryId(), e.transactionId(), e.kind(),
                e.account(), e.currency(), e.amount(), e.balanceAfter(), e.escrowId(), e.reference(), e.occurredAt()))
                                .toList();
        return new EntryList(data, page.hasMore(), page.hasMore() ? String.valueOf(data.get(data.size() - 1).id()) : null);
    }

    /** The balances at any past moment, folded from the vault's own events (not from a read model). */
    @GetMapping("/v1/vaults/{vaultId}/balance")
    BalanceAsOf balance(@PathVariable String vaultId, @RequestParam(name = "as_of", required = false) String asOf,
                        HttpServletRequest http) {
        VaultView vault = vault(RequestContext.of(http), vaultId);
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
