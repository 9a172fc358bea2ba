package io.escrowledger.domain.vault;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Stop the vault from funding escrows and paying out. */
public record FreezeVaultCommand(@TargetAggregateIdentifier String vaultId,
                                 String integratorId,
                                 Instant requestedAt) implements VaultCommand {
}
