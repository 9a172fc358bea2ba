package io.escrowledger.domain.escrow.command;

import io.escrowledger.domain.escrow.value.OracleOutcome;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The oracle of an oracle-confirmation escrow reports whether the awaited event happened. */
public record ReportOracleOutcomeCommand(@TargetAggregateIdentifier String escrowId,
                                         String integratorId,
                                         String oracleId,
                                         OracleOutcome outcome,
                                         Instant requestedAt) {
}
