package io.escrowledger.domain.vault;

import io.escrowledger.domain.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** An escrow released or refunded money it held from this vault; {@code fee} is the platform's share of it. */
public record SettleHoldCommand(@TargetAggregateIdentifier String vaultId,
                                String integratorId,
                                String escrowId,
                                String merchantId,
                                Money released,
                                Money refunded,
                                Money fee,
                                Instant requestedAt) implements VaultCommand {

    public SettleHoldCommand {
        fee = Money.orZero(fee, released.currency());
    }
}
