package io.escrowledger.domain.vault;

/**
 * Everything a vault can be asked to do. A command for a vault that has no events is answered as the unknown vault it
 * is (vault_not_found), where any other is an unknown escrow.
 */
public sealed interface VaultCommand permits OpenVaultCommand, DepositCommand, WithdrawCommand, FreezeVaultCommand,
        UnfreezeVaultCommand, HoldFundsCommand, SettleHoldCommand, UpdateVaultMetadataCommand {

    String vaultId();
}
