package io.escrowledger.domain.escrow;

import io.escrowledger.domain.money.Money;

import java.time.Instant;
import java.util.List;

/**
 * Create an escrow with its milestones, funded from a vault at once when {@code funding} names one (otherwise the
 * integrator declares the funds held later). The id and the time come from the caller, never from the aggregate.
 */
public record CreateEscrowCommand(String escrowId,
                                  String integratorId,
                                  String externalId,
                                  Money totalAmount,
                                  List<MilestoneTerms> milestones,
                                  FundingSource funding,
                                  Instant requestedAt) {

    public CreateEscrowCommand {
        milestones = List.copyOf(milestones);
    }
}
