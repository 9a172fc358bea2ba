package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.escrow.recommendation.Recommendation;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The engine's recommendation, recorded once so it can be read and audited unchanged. */
@Revision("1")
public record RecommendationIssuedEvent(String escrowId,
                                        String disputeId,
                                        Recommendation recommendation,
                                        Instant issuedAt) implements EscrowEvent {
}
