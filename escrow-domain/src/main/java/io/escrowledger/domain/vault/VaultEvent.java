package io.escrowledger.domain.vault;

/** Everything that can happen to a vault; each money movement is one balanced ledger transaction (docs/ledger.md). */
public sealed interface VaultEvent permits VaultOpenedEvent, VaultDepositedEvent, VaultWithdrawnEvent, VaultFrozenEvent,
        VaultUnfrozenEvent, VaultFundsHeldEvent, VaultHoldSettledEvent, VaultMetadataUpdatedEvent {

    String vaultId();
}
