package io.escrowledger.domain.escrow.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Seal the dispute's evidence: nothing more is accepted, and its digest is recorded. */
public record LockEvidenceCommand(@TargetAggregateIdentifier String escrowId,
                                  String integratorId,
                                  String disputeId,
                                  Instant requestedAt) {
}
