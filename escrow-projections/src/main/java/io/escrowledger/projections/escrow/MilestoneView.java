package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.value.ExternalReference;
import io.escrowledger.domain.escrow.value.MilestoneState;
import io.escrowledger.domain.escrow.value.PlatformFee;

import java.time.Instant;
import java.util.Map;

/**
 * A milestone as the read model holds it; {@code deliverable} is the latest one submitted, or null, and
 * {@code overdueAt} the deadline it missed, or null. {@code platformFee} is its own fee terms (null: the escrow's
 * apply), {@code feeAmount} its whole fee; {@code releasedAmount} and {@code refundedAmount} the gross paid out of it by
 * releases and refunds, with the fee taken from each ({@code releasedFee}, {@code refundedFee}).
 * {@code inspectionPeriodHours} is its inspection period (null for none), {@code inspectionEndsAt} when it is released
 * unless disputed (set by its first deliverable), and {@code inspectionElapsedAt} when that release happened.
 */
public record MilestoneView(String milestoneId,
                            long amount,
                            Instant deadline,
                            MilestoneState state,
                            ExternalReference deliverable,
                            Instant deliveredAt,
                            Instant releasedAt,
                            Instant refundedAt,
                            Instant overdueAt,
                            PlatformFee platformFee,
                            long feeAmount,
                            long releasedAmount,
                            long refundedAmount,
                            long releasedFee,
                            long refundedFee,
                            Integer inspectionPeriodHours,
                            Instant inspectionEndsAt,
                            Instant inspectionElapsedAt,
                            Map<String, String> metadata) {

    /** What the milestone still holds: nothing once a dispute decision paid it out with the others. */
    public long remainingAmount() {
        return state == MilestoneState.RESOLVED ? 0 : amount - releasedAmount - refundedAmount;
    }
}
