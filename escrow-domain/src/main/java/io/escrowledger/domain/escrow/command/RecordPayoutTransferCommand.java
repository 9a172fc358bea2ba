package io.escrowledger.domain.escrow.command;

import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * The integrator executed a transfer for a payout in its payment system: its reference there (the escrow records each
 * reference once), the party paid, the amount and when.
 */
public record RecordPayoutTransferCommand(@TargetAggregateIdentifier String escrowId,
                                          String integratorId,
                                          String payoutId,
                                          String reference,
                                          ActorRole party,
                                          Money amount,
                                          Instant executedAt,
                                          Instant requestedAt) {
}
