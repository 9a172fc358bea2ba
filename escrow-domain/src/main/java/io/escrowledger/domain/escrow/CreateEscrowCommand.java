package io.escrowledger.domain.escrow;

import io.escrowledger.domain.money.Money;

import java.time.Instant;
import java.util.List;

/** Create an escrow with its milestones. The id and the time come from the caller, never from the aggregate. */
public record CreateEscrowCommand(String escrowId,
                                  String integratorId,
                                  String externalId,
                                  Money totalAmount,
                                  List<MilestoneTerms> milestones,
                                  Instant requestedAt) {

    public CreateEscrowCommand {
        milestones = List.copyOf(milestones);
    }
}
