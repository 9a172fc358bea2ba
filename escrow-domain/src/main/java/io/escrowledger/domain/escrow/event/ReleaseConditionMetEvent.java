package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.escrow.value.ConditionType;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The escrow's release condition is met. The release follows at once when money is held and no dispute is open; an
 * escrow not yet funded is released as soon as its funds are declared held.
 */
@Revision("1")
public record ReleaseConditionMetEvent(String escrowId,
                                       ConditionType conditionType,
                                       Instant metAt) implements EscrowEvent {
}
