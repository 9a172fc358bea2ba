package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.event.EscrowExpiredEvent;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Instant;
import java.util.Map;

/**
 * When what an escrow still holds goes back to the client, and whether that was recorded (the refund follows it, or
 * waits for an open dispute's decision). An entity of the escrow; only its event sourcing handler changes it.
 */
final class Expiry {

    /** Null for never. */
    private Instant expiresAt;
    private boolean recorded;

    private Expiry() {
        // Read back from a snapshot.
    }

    Expiry(Instant expiresAt) {
        this.expiresAt = expiresAt;
    }

    boolean isRecorded() {
        return recorded;
    }

    /** Whether the escrow had expired by then: the expiry was recorded, or its moment had come. */
    boolean passedBy(Instant at) {
        return recorded || reachedBy(at);
    }

    /**
     * Past its expiry an escrow takes no release, funding or dispute, even before the expiry's deadline has fired. An
     * escrow closed before its expiry is refused for being closed, not for having expired.
     */
    void requireNotPassed(String escrowId, EscrowState state, Instant at) {
        if (recorded || (!state.isClosed() && reachedBy(at))) {
            throw new DomainException(ErrorCode.ESCROW_EXPIRED, "Escrow " + escrowId + " expired at " + expiresAt,
                    Map.of("expires_at", expiresAt.toString()));
        }
    }

    private boolean reachedBy(Instant at) {
        return expiresAt != null && !at.isBefore(expiresAt);
    }

    @EventSourcingHandler
    void on(EscrowExpiredEvent event) {
        recorded = true;
    }
}
