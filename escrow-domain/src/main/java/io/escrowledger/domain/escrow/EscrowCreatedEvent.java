package io.escrowledger.domain.escrow;

import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * The escrow's terms. Revision 2 added the release condition and the expiry; a revision 1 event reads with both null,
 * which is what it meant (EventContractTest keeps that true).
 */
@Revision("2")
public record EscrowCreatedEvent(String escrowId,
                                 String integratorId,
                                 String externalId,
                                 Money totalAmount,
                                 List<MilestoneTerms> milestones,
                                 ReleaseCondition releaseCondition,
                                 Instant expiresAt,
                                 Instant createdAt) implements EscrowEvent {

    public EscrowCreatedEvent {
        milestones = List.copyOf(milestones);
    }
}
