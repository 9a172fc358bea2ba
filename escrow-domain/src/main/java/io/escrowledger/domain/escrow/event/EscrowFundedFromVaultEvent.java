package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The escrow's whole amount is held from a vault, atomically with its creation; every milestone is funded. */
@Revision("1")
public record EscrowFundedFromVaultEvent(String escrowId,
                                         String vaultId,
                                         String clientId,
                                         String contractorId,
                                         Money amount,
                                         Instant fundedAt) implements EscrowEvent {
}
