package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.Metadata;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Map;

/**
 * A party disputed the escrow; the money held at that moment waits for the decision. Revision 2 added the optional
 * free-text statement; a revision 1 event reads with it null. Revision 3 added {@code evidenceDueBy}, when the
 * evidence is locked unless it was locked before; an earlier event reads with it null: no evidence deadline.
 * Revision 4 added the integrator's {@code metadata}; an earlier event reads with none.
 */
@Revision("4")
public record DisputeOpenedEvent(String escrowId,
                                 String disputeId,
                                 DisputeReason reason,
                                 String statement,
                                 Actor openedBy,
                                 Money heldAmount,
                                 Instant openedAt,
                                 Instant evidenceDueBy,
                                 Map<String, String> metadata) implements EscrowEvent {

    public DisputeOpenedEvent {
        metadata = Metadata.of(metadata);
    }

    /** A dispute without metadata. */
    public DisputeOpenedEvent(String escrowId, String disputeId, DisputeReason reason, String statement,
                              Actor openedBy, Money heldAmount, Instant openedAt, Instant evidenceDueBy) {
        this(escrowId, disputeId, reason, statement, openedBy, heldAmount, openedAt, evidenceDueBy, null);
    }

    /** A dispute without an evidence deadline, as revision 2 recorded every dispute. */
    public DisputeOpenedEvent(String escrowId, String disputeId, DisputeReason reason, String statement,
                              Actor openedBy, Money heldAmount, Instant openedAt) {
        this(escrowId, disputeId, reason, statement, openedBy, heldAmount, openedAt, null, null);
    }
}
