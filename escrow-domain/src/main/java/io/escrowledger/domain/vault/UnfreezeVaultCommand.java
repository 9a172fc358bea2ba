package io.escrowledger.domain.vault;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Let the vault fund escrows and pay out again. */
public record UnfreezeVaultCommand(@TargetAggregateIdentifier String vaultId,
                                   String integratorId,
                                   Instant requestedAt) implements VaultCommand {
}
