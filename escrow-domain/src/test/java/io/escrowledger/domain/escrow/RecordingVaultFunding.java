package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.port.VaultFunding;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The vault port in memory: records what the escrow asked of its vault, and can refuse a hold. */
final class RecordingVaultFunding implements VaultFunding {

    final List<String> calls = new ArrayList<>();
    DomainException refuseHolds;

    @Override
    public void hold(String vaultId, String integratorId, String escrowId, Money amount, Instant at) {
        if (refuseHolds != null) {
            throw refuseHolds;
        }
        calls.add("hold " + vaultId + " " + amount.minorUnits());
    }

    @Override
    public void settle(String vaultId, String integratorId, String escrowId, String merchantId, Money released,
                       Money refunded, Money fee, Instant at) {
        calls.add("settle " + vaultId + " " + merchantId + " released " + released.minorUnits() + " refunded "
                  + refunded.minorUnits() + (fee.isZero() ? "" : " fee " + fee.minorUnits()));
    }
}
