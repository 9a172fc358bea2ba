package io.escrowledger.domain.escrow.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Refund held money to the client: one milestone, or every milestone still held when milestoneId is null.
 *
 * @param returnFee whether the platform gives up its fee on the refunded money (the client gets it all back), or
 *                  keeps it (the client gets the gross less the fee)
 * @param amount    part of the named milestone's held money, in minor units of the escrow's currency (which the
 *               escrow knows; the rest stays held), or null for all of it
 */
public record RefundFundsCommand(@TargetAggregateIdentifier String escrowId,
                                 String integratorId,
                                 String milestoneId,
                                 Instant requestedAt,
                                 boolean returnFee,
                                 Long amount) {

    /** A refund of everything held (by the milestone, or the escrow) that returns the platform's fee. */
    public RefundFundsCommand(String escrowId, String integratorId, String milestoneId, Instant requestedAt) {
        this(escrowId, integratorId, milestoneId, requestedAt, true, null);
    }

    /** A refund of everything held (by the milestone, or the escrow). */
    public RefundFundsCommand(String escrowId, String integratorId, String milestoneId, Instant requestedAt,
                              boolean returnFee) {
        this(escrowId, integratorId, milestoneId, requestedAt, returnFee, null);
    }
}
