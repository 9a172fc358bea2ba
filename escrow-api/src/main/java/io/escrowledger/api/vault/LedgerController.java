package io.escrowledger.api.vault;

import io.escrowledger.api.web.RequestContext;
import io.escrowledger.api.web.Validator;
import io.escrowledger.projections.ledger.LedgerQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** What the ledger says of merchants, and (for operators) whether every invariant holds. */
@Tag(name = "Ledger",
        description = "The double-entry ledger: what merchants were released, and whether every invariant holds.")
@RestController
public class LedgerController {

    private final LedgerQueries ledger;

    public LedgerController(LedgerQueries ledger) {
        this.ledger = ledger;
    }

    @Schema(description = "What the caller's vault-funded escrows released to one merchant.")
    record MerchantBalance(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "The merchant (an escrow's contractor_id)")
            String merchantId,
            @ArraySchema(schema = @Schema(implementation = CurrencyBalance.class),
                    arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                            description = "One balance per currency, by currency; empty when nothing was released"))
            List<LedgerQueries.Balance> balances) {
    }

    @Schema(description = "Whether every ledger invariant holds, with the figures each check compared.")
    record LedgerCheck(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "True when every check holds")
            boolean balanced,
            @ArraySchema(schema = @Schema(implementation = InvariantCheck.class),
                    arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED))
            List<LedgerQueries.Check> checks) {
    }

    /**
     * The document's shape of {@link LedgerQueries.Balance} (a type of the projections module, which carries no
     * OpenAPI annotations); only referenced by {@link MerchantBalance}'s schema, never built.
     */
    @Schema(name = "CurrencyBalance", description = "A balance in one currency, in its minor units.")
    record CurrencyBalance(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "USDC")
            String currency,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            long balance) {
    }

    /**
     * The document's shape of {@link LedgerQueries.Check} (a type of the projections module, which carries no OpenAPI
     * annotations); only referenced by {@link LedgerCheck}'s schema, never built.
     */
    @Schema(name = "LedgerInvariantCheck", description = "One ledger invariant (docs/ledger.md) and whether it holds.")
    record InvariantCheck(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "every_transaction_balances",
                    allowableValues = {"entries_sum_to_zero_per_currency", "every_transaction_balances",
                            "account_balances_match_their_entries",
                            "vault_available_plus_held_is_deposits_less_withdrawals_less_released",
                            "vault_balances_match_the_ledger", "no_negative_balance"})
            String name,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            boolean holds,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, additionalPropertiesSchema = Long.class,
                    description = "The figures the check compared, by name (counts of rows found in breach, and for "
                                  + "entries_sum_to_zero_per_currency the number of entries)")
            Map<String, Long> compared) {
    }

    /** What has been released to a merchant, per currency, from the caller's vault-funded escrows. */
    @Operation(operationId = "getMerchantBalance", summary = "A merchant's released balance",
            description = "What the caller's vault-funded escrows have released to a merchant (their contractor_id), "
                          + "per currency. A merchant nothing was released to has no balances.")
    @GetMapping("/v1/merchants/{merchantId}/balance")
    MerchantBalance merchant(@Parameter(description = "The merchant's id: the contractor_id your vault-funded escrows "
                                                      + "name, 1 to 128 characters", example = "merchant_42")
                             @PathVariable String merchantId, RequestContext context) {
        Validator check = new Validator();
        check.text("merchant_id", merchantId, 1, 128);
        check.throwIfInvalid();
        return new MerchantBalance(merchantId, ledger.merchantBalances(context.integratorId(),
                merchantId));
    }

    @Operation(operationId = "checkLedger", summary = "Check the ledger's invariants",
            description = "Operators: checks every invariant of docs/ledger.md over the whole ledger (every currency "
                          + "and transaction balances, accounts match their entries, vaults match the ledger, no "
                          + "negative balance) and answers each with the figures it compared.")
    @GetMapping("/admin/v1/ledger/check")
    LedgerCheck check() {
        List<LedgerQueries.Check> checks = ledger.check();
        return new LedgerCheck(checks.stream().allMatch(LedgerQueries.Check::holds), checks);
    }
}
