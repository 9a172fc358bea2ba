package io.escrowledger.domain.escrow.value;

import java.time.Instant;

/** One piece of evidence of a dispute, as submitted. */
public record Evidence(String evidenceId, Actor submittedBy, ExternalReference reference, Instant submittedAt) {
}
