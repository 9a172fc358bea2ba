package io.escrowledger.domain.escrow.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Release held money to the contractor: one milestone, or every milestone still held when milestoneId is null.
 *
 * @param amount part of the named milestone's held money, in minor units of the escrow's currency (which the
 *               escrow knows; the rest stays held), or null for all of it
 */
public record ReleaseFundsCommand(@TargetAggregateIdentifier String escrowId,
                                  String integratorId,
                                  String milestoneId,
                                  Instant requestedAt,
                                  Long amount) {

    /** Releases everything the milestone (or, without one, the escrow) still holds. */
    public ReleaseFundsCommand(String escrowId, String integratorId, String milestoneId, Instant requestedAt) {
        this(escrowId, integratorId, milestoneId, requestedAt, null);
    }
}
