package io.escrowledger.domain.escrow;

import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

@Revision("1")
public record EscrowCreatedEvent(String escrowId,
                                 String integratorId,
                                 String externalId,
                                 Money totalAmount,
                                 List<MilestoneTerms> milestones,
                                 Instant createdAt) implements EscrowEvent {

    public EscrowCreatedEvent {
        milestones = List.copyOf(milestones);
    }
}
