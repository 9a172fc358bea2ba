package io.escrowledger.projections.replay;

import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.projections.dispute.DisputeProjection;
import io.escrowledger.projections.dispute.DisputeQueries;
import io.escrowledger.projections.dispute.DisputeView;
import io.escrowledger.projections.escrow.EscrowProjection;
import io.escrowledger.projections.escrow.EscrowQueries;
import io.escrowledger.projections.escrow.EscrowView;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An escrow or dispute as it was at a past instant, computed from the whole commands recorded by that instant
 * ({@link EventHistory#upTo}): inside a database transaction that is always rolled back, the escrow's current rows
 * are removed and its past events replayed through the very handlers that build today's view, which is then read.
 * Nothing a past view computes is ever committed.
 */
@Component
public class PastViews {

    private final EventHistory eventHistory;
    private final TransactionTemplate transaction;
    private final JdbcClient jdbc;
    private final EscrowQueries escrows;
    private final DisputeQueries disputes;
    private final EscrowProjection escrowProjection;
    private final List<AnnotationEventHandlerAdapter> projections;

    public PastViews(EventHistory eventHistory, TransactionTemplate transaction, JdbcClient jdbc, EscrowQueries escrows,
                     DisputeQueries disputes, EscrowProjection escrowProjection, DisputeProjection disputeProjection) {
        this.eventHistory = eventHistory;
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.escrows = escrows;
        this.disputes = disputes;
        this.escrowProjection = escrowProjection;
        this.projections = List.of(new AnnotationEventHandlerAdapter(escrowProjection),
                new AnnotationEventHandlerAdapter(disputeProjection));
    }

    public Optional<EscrowView> escrow(String integratorId, String escrowId, Instant asOf) {
        return replayed(integratorId, escrowId, asOf, () -> escrows.find(integratorId, escrowId));
    }

    public Optional<DisputeView> dispute(String integratorId, String escrowId, String disputeId, Instant asOf) {
        return replayed(integratorId, escrowId, asOf, () -> disputes.find(integratorId, disputeId));
    }

    private <T> Optional<T> replayed(String integratorId, String escrowId, Instant asOf, Supplier<Optional<T>> read) {
        List<? extends DomainEventMessage<?>> past = eventHistory.upTo(escrowId, asOf);
        if (past.isEmpty() || !(past.get(0).getPayload() instanceof EscrowCreatedEvent created)
            || !created.integratorId().equals(integratorId)) {
            return Optional.empty();
        }
        return transaction.execute(status -> {
            status.setRollbackOnly();
            long last = past.get(past.size() - 1).getSequenceNumber();
            escrowProjection.forget(escrowId);
            // The view shows its chain head as of then: the links of later events go for the replay's transaction.
            jdbc.sql("DELETE FROM event_chain WHERE aggregate_identifier = ? AND sequence_number > ?")
                .params(escrowId, last).update();
            past.forEach(event -> ReadModelRebuild.replay(event, projections));
            return read.get();
        });
    }
}
