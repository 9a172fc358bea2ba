package io.escrowledger.api.vault;

import io.escrowledger.projections.vault.VaultView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the vault operations answer: vaults, balances and ledger entries in minor units of the vault's currency. */
final class VaultResponses {

    static final String VAULT_ID = "The vault's id: a bare time-ordered UUID (vault ids have no prefix)";
    static final String VAULT_ID_EXAMPLE = "01937d5e-8a4b-7c3d-9e2f-0a1b2c3d4e5f";

    private VaultResponses() {
    }

    @Schema(name = "Vault", description = "A vault and its balances, in minor units of its currency.")
    record VaultResponse(
            @Schema(description = VAULT_ID, example = VAULT_ID_EXAMPLE) String id,
            @Schema(example = "USDC") String currency,
            @Schema(nullable = true, description = "The vault's name; null when none was given") String name,
            @Schema(nullable = true, description = "Your reference for the vault; null when none was given")
            String externalId,
            @Schema(allowableValues = {"active", "frozen"},
                    description = "A frozen vault funds no escrow and pays nothing out")
            String status,
            @Schema(description = "What the vault can use: fund escrows, withdraw") long available,
            @Schema(description = "What the vault's escrows hold") long held,
            @Schema(description = "available + held") long total,
            Instant createdAt,
            Instant updatedAt,
            @Schema(example = "{\"cost_center\": \"cc_42\"}",
                    description = "Your key/value pairs on the vault, sorted by key; `{}` for none.")
            Map<String, String> metadata) {
        static VaultResponse of(VaultView view) {
            return new VaultResponse(view.vaultId(), view.currency(), view.name(), view.externalId(), view.status(),
                    view.available(), view.held(), view.total(), view.createdAt(), view.updatedAt(), view.metadata());
        }
    }

    @Schema(name = "LedgerEntry",
            description = "One entry on one of the vault's ledger accounts, with its transaction.")
    record Entry(
            @Schema(description = "The entry's number in the ledger") long id,
            @Schema(description = "txn_ and the id of the event that caused the transaction",
                    example = "txn_5f0c2a1e-3b4d-4c5e-8f6a-7b8c9d0e1f2a")
            String transactionId,
            @Schema(allowableValues = {"deposit", "withdrawal", "escrow_hold", "escrow_release", "escrow_refund",
                                       "escrow_settlement"}, description = "The transaction's kind")
            String kind,
            @Schema(description = "vault:{vault_id}:available or vault:{vault_id}:held",
                    example = "vault:01937d5e-8a4b-7c3d-9e2f-0a1b2c3d4e5f:available")
            String account,
            @Schema(example = "USDC") String currency,
            @Schema(description = "Minor units: positive adds to the account, negative takes from it") long amount,
            @Schema(description = "The account's balance after this entry") long balanceAfter,
            @Schema(nullable = true,
                    description = "The escrow the transaction moved money for; null for deposits and withdrawals")
            String escrowId,
            @Schema(nullable = true,
                    description = "The deposit's or withdrawal's reference; null for escrow transactions")
            String reference,
            Instant occurredAt) {
    }

    @Schema(name = "LedgerEntryList", description = "A page of a vault's ledger entries, newest first.")
    record EntryList(
            List<Entry> data,
            boolean hasMore,
            @Schema(nullable = true, description = "The cursor of the next page; null on the last page")
            String nextCursor) {
    }

    @Schema(name = "VaultBalance", description = "A vault's balances at an instant, folded from its events.")
    record BalanceAsOf(
            @Schema(example = VAULT_ID_EXAMPLE) String vaultId,
            @Schema(example = "USDC") String currency,
            @Schema(description = "The instant the balances are for (the request's as_of, or now)") Instant asOf,
            long available,
            long held,
            @Schema(description = "available + held") long total) {
    }
}
