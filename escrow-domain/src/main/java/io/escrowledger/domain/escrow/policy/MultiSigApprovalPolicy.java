package io.escrowledger.domain.escrow.policy;

import io.escrowledger.domain.escrow.value.ReleaseCondition;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A multi-signature approval: the money is released once enough distinct approvers have approved. */
public record MultiSigApprovalPolicy() implements ReleaseConditionPolicy {

    public static final int MAX_APPROVERS = 20;

    @Override
    public void requireValidTerms(ReleaseCondition condition, Instant now, Instant expiry) {
        List<String> approvers = condition.approvers();
        if (approvers != null && (approvers.isEmpty() || approvers.size() > MAX_APPROVERS
                                  || new HashSet<>(approvers).size() != approvers.size())) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "A multi-signature approval names 1 to " + MAX_APPROVERS + " distinct approvers");
        }
        int most = approvers == null ? MAX_APPROVERS : approvers.size();
        if (condition.threshold() != null && (condition.threshold() < 1 || condition.threshold() > most)) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "The threshold must be between 1 and "
                    + (approvers == null ? MAX_APPROVERS + " when any approver counts"
                    : "the number of approvers (" + most + ")"));
        }
    }

    /**
     * Whether this approval counts anew: refused from someone who is not an approver of the escrow; false for an
     * approver who already approved, which changes nothing.
     */
    public static boolean isNewApproval(ReleaseCondition condition, Set<String> approvals, String approverId) {
        if (!condition.acceptsApprover(approverId)) {
            throw new DomainException(ErrorCode.UNKNOWN_APPROVER, approverId + " is not one of the escrow's approvers",
                    Map.of("approvers", String.join(",", condition.approvers())));
        }
        return !approvals.contains(approverId);
    }
}
