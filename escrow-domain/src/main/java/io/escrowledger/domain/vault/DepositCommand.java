package io.escrowledger.domain.vault;

import io.escrowledger.domain.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Add money to the vault's available balance; the same reference twice is one deposit. */
public record DepositCommand(@TargetAggregateIdentifier String vaultId,
                             String integratorId,
                             Money amount,
                             String reference,
                             Instant requestedAt) implements VaultCommand {
}
