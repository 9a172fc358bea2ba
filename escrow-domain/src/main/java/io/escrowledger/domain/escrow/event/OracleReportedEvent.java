package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.escrow.value.OracleOutcome;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The escrow's oracle reported on the event it waits for: confirmed releases, rejected refunds. */
@Revision("1")
public record OracleReportedEvent(String escrowId,
                                  String oracleId,
                                  OracleOutcome outcome,
                                  Instant reportedAt) implements EscrowEvent {
}
