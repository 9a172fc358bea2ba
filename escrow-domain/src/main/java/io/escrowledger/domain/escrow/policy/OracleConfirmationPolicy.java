package io.escrowledger.domain.escrow.policy;

import io.escrowledger.domain.escrow.value.OracleOutcome;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;

import java.time.Instant;
import java.util.Map;

/** An oracle confirmation: the escrow's oracle reports once; confirmed releases, rejected refunds. */
public record OracleConfirmationPolicy() implements ReleaseConditionPolicy {

    @Override
    public void requireValidTerms(ReleaseCondition condition, Instant now, Instant expiry) {
        if (condition.oracleId() != null && condition.oracleId().isBlank()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "An oracle_id cannot be blank");
        }
    }

    /**
     * Whether this report is one to record: refused from an oracle that is not the escrow's, or contradicting the
     * outcome already reported; false for the same outcome again, which changes nothing.
     *
     * @param reported what the oracle reported before, null for nothing yet
     */
    public static boolean isNewReport(ReleaseCondition condition, OracleOutcome reported, String oracleId,
                                      OracleOutcome outcome) {
        if (!condition.acceptsOracle(oracleId)) {
            throw new DomainException(ErrorCode.UNKNOWN_ORACLE, oracleId + " is not the escrow's oracle",
                    Map.of("oracle_id", condition.oracleId()));
        }
        if (reported == null) {
            return true;
        }
        if (reported == outcome) {
            return false;
        }
        throw new DomainException(ErrorCode.INVALID_STATE_TRANSITION,
                "Cannot report " + outcome + ": the oracle already reported " + reported);
    }
}
