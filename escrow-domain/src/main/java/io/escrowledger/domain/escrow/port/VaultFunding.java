package io.escrowledger.domain.escrow.port;

import io.escrowledger.domain.money.Money;

import java.time.Instant;

/**
 * The vault side of a vault-funded escrow. Implementations act on the vault in the same transaction as the escrow's
 * own events, so an escrow is never funded without its hold, and money never leaves an escrow without leaving the
 * vault's hold. A refusal (vault not found, frozen, short of funds, another currency) is a DomainException.
 */
public interface VaultFunding {

    void hold(String vaultId, String integratorId, String escrowId, Money amount, Instant at);

    /** @param fee the platform's fee, taken from the hold besides the released and refunded (net) amounts */
    void settle(String vaultId, String integratorId, String escrowId, String merchantId, Money released,
                Money refunded, Money fee, Instant at);
}
