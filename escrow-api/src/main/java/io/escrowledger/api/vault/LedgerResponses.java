package io.escrowledger.api.vault;

import io.escrowledger.projections.ledger.LedgerQueries;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** What the ledger operations answer (docs/ledger.md). */
final class LedgerResponses {

    private LedgerResponses() {
    }

    @Schema(description = "What the caller's vault-funded escrows released to one merchant.")
    record MerchantBalance(
            @Schema(description = "The merchant (an escrow's contractor_id)") String merchantId,
            @ArraySchema(schema = @Schema(implementation = CurrencyBalance.class),
                    arraySchema = @Schema(description = "One balance per currency, by currency; empty when nothing "
                                                        + "was released"))
            List<LedgerQueries.Balance> balances) {
    }

    @Schema(description = "Whether every ledger invariant holds, with the figures each check compared.")
    record LedgerCheck(
            @Schema(description = "True when every check holds") boolean balanced,
            @ArraySchema(schema = @Schema(implementation = InvariantCheck.class)) List<LedgerQueries.Check> checks) {
    }

    /**
     * The document's shape of {@link LedgerQueries.Balance} (a type of the projections module, which carries no
     * OpenAPI annotations); only referenced by {@link MerchantBalance}'s schema, never built.
     */
    @Schema(name = "CurrencyBalance", description = "A balance in one currency, in its minor units.")
    record CurrencyBalance(
            @Schema(example = "USDC") String currency,
            long balance) {
    }

    /**
     * The document's shape of {@link LedgerQueries.Check} (a type of the projections module, which carries no OpenAPI
     * annotations); only referenced by {@link LedgerCheck}'s schema, never built.
     */
    @Schema(name = "LedgerInvariantCheck", description = "One ledger invariant (docs/ledger.md) and whether it holds.")
    record InvariantCheck(
            @Schema(example = "every_transaction_balances",
                    allowableValues = {"entries_sum_to_zero_per_currency", "every_transaction_balances",
                                       "account_balances_match_their_entries",
                                       "vault_available_plus_held_is_deposits_less_withdrawals_less_released",
                                       "vault_balances_match_the_ledger", "no_negative_balance"})
            String name,
            boolean holds,
            @Schema(additionalPropertiesSchema = Long.class,
                    description = "The figures the check compared, by name (counts of rows found in breach, and for "
                                  + "entries_sum_to_zero_per_currency the number of entries)")
            Map<String, Long> compared) {
    }
}
