package io.escrowledger.domain.escrow.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** One approver of a multi-signature escrow approves its release. Approving twice changes nothing. */
public record ApproveReleaseCommand(@TargetAggregateIdentifier String escrowId,
                                    String integratorId,
                                    String approverId,
                                    Instant requestedAt) {
}
