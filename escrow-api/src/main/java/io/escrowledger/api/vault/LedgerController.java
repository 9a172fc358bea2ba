package io.escrowledger.api.vault;

import io.escrowledger.api.vault.LedgerResponses.LedgerCheck;
import io.escrowledger.api.vault.LedgerResponses.MerchantBalance;
import io.escrowledger.api.web.RequestContext;
import io.escrowledger.api.web.Validator;
import io.escrowledger.projections.ledger.LedgerQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** What the ledger says of merchants, and (for operators) whether every invariant holds. */
@Tag(name = "Ledger",
        description = "The double-entry ledger: what merchants were released, and whether every invariant holds.")
@RestController
public record LedgerController(LedgerQueries ledger) {

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
