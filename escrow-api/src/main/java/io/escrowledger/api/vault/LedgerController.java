package io.escrowledger.api.vault;

import io.escrowledger.api.web.RequestContext;
import io.escrowledger.api.web.Validator;
import io.escrowledger.projections.ledger.LedgerQueries;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** What the ledger says of merchants, and (for operators) whether every invariant holds. */
@RestController
public class LedgerController {

    private final LedgerQueries ledger;

    public LedgerController(LedgerQueries ledger) {
        this.ledger = ledger;
    }

    record MerchantBalance(String merchantId, List<LedgerQueries.Balance> balances) {
    }

    record LedgerCheck(boolean balanced, List<LedgerQueries.Check> checks) {
    }

    /** What has been released to a merchant, per currency, from the caller's vault-funded escrows. */
    @GetMapping("/v1/merchants/{merchantId}/balance")
    MerchantBalance merchant(@PathVariable String merchantId, HttpServletRequest http) {
        Validator check = new Validator();
        check.text("merchant_id", merchantId, 1, 128);
        check.throwIfInvalid();
        return new MerchantBalance(merchantId, ledger.merchantBalances(RequestContext.of(http).integratorId(),
                merchantId));
    }

    @GetMapping("/admin/v1/ledger/check")
    LedgerCheck check() {
        List<LedgerQueries.Check> checks = ledger.check();
        return new LedgerCheck(checks.stream().allMatch(LedgerQueries.Check::holds), checks);
    }
}
