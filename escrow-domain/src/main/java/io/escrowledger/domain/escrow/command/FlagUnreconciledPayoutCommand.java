package io.escrowledger.domain.escrow.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * A payout has stayed unreconciled past the time the service allows (escrow.payouts.unreconciled-after): record it
 * once, which tells the integrator. Sent by the service's own watch, not by integrators.
 */
public record FlagUnreconciledPayoutCommand(@TargetAggregateIdentifier String escrowId,
                                            String payoutId,
                                            Instant requestedAt) {
}
