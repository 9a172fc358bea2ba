package io.escrowledger.domain.escrow.value;

import io.escrowledger.domain.money.Money;

import java.time.Instant;

/**
 * Money a release, a refund or a dispute's decision paid to one party, which the integrator is expected to transfer
 * in its payment system (Modern Treasury's "expected payment"). The amount is what the party is owed: the net the
 * event paid that party, after the platform's fee.
 *
 * @param milestoneId the milestone released or refunded; null for a decision
 * @param disputeId   the dispute decided; null for a release or refund
 */
public record ExpectedPayout(ActorRole party, Money amount, PayoutKind kind, String milestoneId, String disputeId,
                             Instant expectedAt) {
}
