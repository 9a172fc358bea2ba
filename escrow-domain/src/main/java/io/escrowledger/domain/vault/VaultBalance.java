package io.escrowledger.domain.vault;

import io.escrowledger.domain.money.Money;

/**
 * A vault's balances, and how each event changes them. The aggregate keeps its balance with this, and so does the
 * as-of query that folds a vault's past events: one rule, used both ways.
 */
public record VaultBalance(Money available, Money held) {

    public static VaultBalance empty(String currency) {
        return new VaultBalance(Money.zero(currency), Money.zero(currency));
    }

    public Money total() {
        return available.plus(held);
    }

    public VaultBalance after(VaultEvent event) {
        if (event instanceof VaultDepositedEvent deposited) {
            return new VaultBalance(available.plus(deposited.amount()), held);
        }
        if (event instanceof VaultWithdrawnEvent withdrawn) {
            return new VaultBalance(available.minus(withdrawn.amount()), held);
        }
        if (event instanceof VaultFundsHeldEvent hold) {
            return new VaultBalance(available.minus(hold.amount()), held.plus(hold.amount()));
        }
        if (event instanceof VaultHoldSettledEvent settled) {
            return new VaultBalance(available.plus(settled.refunded()),
                    held.minus(settled.settled()));
        }
        return this;
    }
}
