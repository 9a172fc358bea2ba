package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.ApproveReleaseCommand;
import io.escrowledger.domain.escrow.command.ReportOracleOutcomeCommand;
import io.escrowledger.domain.escrow.event.OracleReportedEvent;
import io.escrowledger.domain.escrow.event.ReleaseApprovedEvent;
import io.escrowledger.domain.escrow.event.ReleaseConditionMetEvent;
import io.escrowledger.domain.escrow.policy.MultiSigApprovalPolicy;
import io.escrowledger.domain.escrow.policy.OracleConfirmationPolicy;
import io.escrowledger.domain.escrow.value.ConditionType;
import io.escrowledger.domain.escrow.value.OracleOutcome;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * An escrow's release condition as agreed and how far it has come: the approvals, the oracle's report, whether it
 * was met. An entity of the escrow; the type's rules are its ReleaseConditionPolicy's. Each step returns the
 * event to apply, empty when the step changes nothing; only the event sourcing handlers change it.
 */
class ConditionProgress {

    private ReleaseCondition terms;
    private boolean met;
    /** The distinct approvers who approved, for a multi-signature approval. */
    private Set<String> approvals = new HashSet<>();
    /** What the oracle reported, for an oracle confirmation; null until it reports. */
    private OracleOutcome oracleOutcome;

    private ConditionProgress() {
        // Read back from a snapshot.
    }

    ConditionProgress(ReleaseCondition terms) {
        this.terms = terms;
    }

    /** The escrow's condition, which must be of this type. */
    static ConditionProgress require(ConditionProgress condition, String escrowId, ConditionType type) {
        if (condition == null || condition.terms.type() != type) {
            throw new DomainException(ErrorCode.RELEASE_CONDITION_MISMATCH, "Escrow " + escrowId + " is released by "
                    + (condition == null ? "no condition" : condition.terms.type()) + ", not by " + type);
        }
        return condition;
    }

    ReleaseCondition terms() {
        return terms;
    }

    boolean met() {
        return met;
    }

    /** An approval that counts anew; empty when the approver already approved. */
    Optional<ReleaseApprovedEvent> approve(String escrowId, ApproveReleaseCommand command) {
        if (!MultiSigApprovalPolicy.isNewApproval(terms, approvals, command.approverId())) {
            return Optional.empty();
        }
        return Optional.of(new ReleaseApprovedEvent(escrowId, command.approverId(), approvals.size() + 1,
                terms.requiredApprovals(), command.requestedAt()));
    }

    boolean enoughApprovals() {
        return approvals.size() >= terms.requiredApprovals();
    }

    /** A report to record; empty when the oracle reports the same outcome again. */
    Optional<OracleReportedEvent> report(String escrowId, ReportOracleOutcomeCommand command) {
        if (!OracleConfirmationPolicy.isNewReport(terms, oracleOutcome, command.oracleId(), command.outcome())) {
            return Optional.empty();
        }
        return Optional.of(new OracleReportedEvent(escrowId, command.oracleId(), command.outcome(),
                command.requestedAt()));
    }

    ReleaseConditionMetEvent meet(String escrowId, Instant at) {
        return new ReleaseConditionMetEvent(escrowId, terms.type(), at);
    }

    @EventSourcingHandler
    void on(ReleaseApprovedEvent event) {
        approvals.add(event.approverId());
    }

    @EventSourcingHandler
    void on(OracleReportedEvent event) {
        oracleOutcome = event.outcome();
    }

    @EventSourcingHandler
    void on(ReleaseConditionMetEvent event) {
        met = true;
    }
}
