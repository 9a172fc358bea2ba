package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.Payout;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The decision: the held money is paid out, client plus contractor adding up to it exactly. */
@Revision("1")
public record DisputeResolvedEvent(String escrowId,
                                   String disputeId,
                                   DisputeOutcome outcome,
                                   Ratio finalRatio,
                                   String justification,
                                   Money heldAmount,
                                   Payout payout,
                                   DisputeOutcome recommendedOutcome,
                                   Instant resolvedAt) implements EscrowEvent {
}
