package io.escrowledger.domain.escrow.recommendation;

import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.money.Money;

import java.time.Instant;
import java.util.List;

/**
 * Everything the recommendation engine may read, taken from the escrow's and the dispute's events only.
 *
 * @param held       the money in dispute
 * @param milestones the milestones whose money is held, with their first delivery (null when never delivered)
 * @param openedAt   when the dispute was opened: the moment the engine judges deadlines at, since no work can be
 *                   delivered while a dispute is open
 * @param evidence   every piece of evidence, in the order submitted
 */
public record DisputeFacts(Money held,
                           List<MilestoneFacts> milestones,
                           DisputeReason reason,
                           ActorRole openedBy,
                           Instant openedAt,
                           List<EvidenceFacts> evidence) {

    public DisputeFacts {
        milestones = List.copyOf(milestones);
        evidence = List.copyOf(evidence);
    }

    public record MilestoneFacts(String milestoneId, long amount, Instant deadline, Instant firstDeliveredAt) {

        boolean delivered() {
            return firstDeliveredAt != null;
        }

        boolean deliveredLate() {
            return delivered() && deadline != null && firstDeliveredAt.isAfter(deadline);
        }

        /** Not delivered, but not yet due when the dispute froze the work: the contractor still had time. */
        boolean inProgressAt(Instant openedAt) {
            return !delivered() && deadline != null && deadline.isAfter(openedAt);
        }
    }

    public record EvidenceFacts(ActorRole submittedBy, Instant submittedAt) {
    }
}
