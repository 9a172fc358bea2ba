package io.escrowledger.domain.vault;

import io.escrowledger.domain.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Take money out of the available balance; never more than is available. */
public record WithdrawCommand(@TargetAggregateIdentifier String vaultId,
                              String integratorId,
                              Money amount,
                              String reference,
                              Instant requestedAt) implements VaultCommand {
}
