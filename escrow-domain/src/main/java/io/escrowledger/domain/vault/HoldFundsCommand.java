package io.escrowledger.domain.vault;

import io.escrowledger.domain.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Hold an escrow's amount from the available balance, in the transaction that creates the escrow. */
public record HoldFundsCommand(@TargetAggregateIdentifier String vaultId,
                               String integratorId,
                               String escrowId,
                               Money amount,
                               Instant requestedAt) implements VaultCommand {
}
