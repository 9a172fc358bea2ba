package io.escrowledger.domain.escrow.command;

import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.ExternalReference;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A party backs its case with a reference to evidence. */
public record SubmitEvidenceCommand(@TargetAggregateIdentifier String escrowId,
                                    String integratorId,
                                    String disputeId,
                                    String evidenceId,
                                    Actor submittedBy,
                                    ExternalReference reference,
                                    Instant requestedAt) {
}
