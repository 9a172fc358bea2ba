package io.escrowledger.domain.escrow.policy;

import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.escrow.value.PlatformFee;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;

import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Works out the platform's fee on each milestone at creation (docs/api.md, "Platform fees"). A milestone with fee
 * terms of its own pays them on its amount. The escrow's fee terms apply to the other milestones together: the fee is
 * computed once on the sum of their amounts, then shared among them in proportion to their amounts, counted
 * cumulatively and rounded down, so the shares add up to that fee exactly. No fee may exceed what it is taken from.
 */
public final class PlatformFeePolicy {

    private PlatformFeePolicy() {
    }

    public static List<MilestoneTerms> withFees(Money totalAmount, PlatformFee escrowFee, List<MilestoneTerms> terms) {
        Money sharedBase = Money.zero(totalAmount.currency());
        for (MilestoneTerms milestone : terms) {
            if (milestone.platformFee() == null) {
                sharedBase = sharedBase.plus(milestone.amount());
            }
        }
        Money sharedFee = escrowFee == null || sharedBase.isZero() ? Money.zero(totalAmount.currency())
                : requireWithin(escrowFee.on(sharedBase), sharedBase, "the escrow's platform fee");
        List<MilestoneTerms> resolved = new ArrayList<>(terms.size());
        Money sharedSoFar = Money.zero(totalAmount.currency());
        Money feeSoFar = Money.zero(totalAmount.currency());
        for (MilestoneTerms milestone : terms) {
            if (milestone.platformFee() != null) {
                resolved.add(milestone.withFee(requireWithin(milestone.platformFee().on(milestone.amount()),
                        milestone.amount(), "the platform fee of milestone " + milestone.milestoneId())));
                continue;
            }
            sharedSoFar = sharedSoFar.plus(milestone.amount());
            Money feeThrough = sharedFee.times(sharedSoFar.minorUnits(), sharedBase.minorUnits(), RoundingMode.FLOOR);
            resolved.add(milestone.withFee(feeThrough.minus(feeSoFar)));
            feeSoFar = feeThrough;
        }
        return resolved;
    }

    private static Money requireWithin(Money fee, Money base, String what) {
        if (fee.isGreaterThan(base)) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "The fee of " + fee.minorUnits() + " (" + what
                    + ") is more than the " + base.minorUnits() + " it is taken from");
        }
        return fee;
    }
}
