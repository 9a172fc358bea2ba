package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.DecideDisputeCommand;
import io.escrowledger.domain.escrow.command.SubmitEvidenceCommand;
import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.EvidenceSubmittedEvent;
import io.escrowledger.domain.escrow.event.RecommendationIssuedEvent;
import io.escrowledger.domain.escrow.recommendation.DisputeFacts;
import io.escrowledger.domain.escrow.recommendation.Recommendation;
import io.escrowledger.domain.escrow.recommendation.RecommendationEngine;
import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.DisputeState;
import io.escrowledger.domain.escrow.value.Evidence;
import io.escrowledger.domain.escrow.value.EvidenceLockCause;
import io.escrowledger.domain.escrow.value.Payout;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An escrow's dispute, an entity of the escrow (at most one: its decision closes the escrow): its evidence, the lock
 * that seals it, the recommendation and the decision. Each step's rules are checked here, and the event to apply is
 * returned to the escrow, which holds the money the steps are about; only the event sourcing handlers change it.
 */
class Dispute {

    private String disputeId;
    private DisputeReason reason;
    private Actor openedBy;
    private Instant openedAt;
    /** When the evidence is locked if nobody locked it before; null for no deadline. */
    private Instant evidenceDueBy;
    private DisputeState state;
    private List<Evidence> evidence = new ArrayList<>();
    private Recommendation recommendation;

    private Dispute() {
        // Read back from a snapshot.
    }

    Dispute(DisputeOpenedEvent opened) {
        disputeId = opened.disputeId();
        reason = opened.reason();
        openedBy = opened.openedBy();
        openedAt = opened.openedAt();
        evidenceDueBy = opened.evidenceDueBy();
        state = DisputeState.OPEN;
    }

    /** The caller's dispute, this one if the id is its; another integrator's (null), or an unknown id, is not found. */
    static Dispute require(Dispute callers, String disputeId) {
        if (callers == null || !callers.disputeId.equals(disputeId)) {
            throw new DomainException(ErrorCode.DISPUTE_NOT_FOUND, "No dispute " + disputeId);
        }
        return callers;
    }

    String disputeId() {
        return disputeId;
    }

    Recommendation recommendation() {
        return recommendation;
    }

    /**
     * Evidence is refused once locked, and from {@code evidenceDueBy} on even before its deadline has fired: the
     * deadline, not the moment it is processed, is what the parties were told.
     */
    EvidenceSubmittedEvent submitEvidence(String escrowId, SubmitEvidenceCommand command) {
        if (state != DisputeState.OPEN) {
            throw new DomainException(ErrorCode.EVIDENCE_LOCKED,
                    "Dispute " + disputeId + " is " + state + ": its evidence is sealed");
        }
        if (evidenceDueBy != null && !command.requestedAt().isBefore(evidenceDueBy)) {
            throw new DomainException(ErrorCode.EVIDENCE_LOCKED,
                    "Dispute " + disputeId + " took evidence until " + evidenceDueBy,
                    Map.of("evidence_due_by", evidenceDueBy.toString()));
        }
        return new EvidenceSubmittedEvent(escrowId, disputeId, command.evidenceId(), command.submittedBy(),
                command.reference(), command.requestedAt());
    }

    EvidenceLockedEvent lock(String escrowId, Instant at) {
        if (state != DisputeState.OPEN) {
            throw Escrow.invalidTransition("lock the evidence of dispute " + disputeId + " in state " + state);
        }
        return new EvidenceLockedEvent(escrowId, disputeId, evidence.size(), EvidenceDigest.of(evidence), at);
    }

    /**
     * The lock at the evidence deadline, if the evidence is still open then: a lock or a decision made before it
     * leaves nothing to do (the deadline may also fire twice).
     */
    Optional<EvidenceLockedEvent> lockAtDeadline(String escrowId, EscrowDeadlines.EvidenceDue due) {
        if (state != DisputeState.OPEN || !disputeId.equals(due.disputeId())) {
            return Optional.empty();
        }
        return Optional.of(new EvidenceLockedEvent(escrowId, disputeId, evidence.size(), EvidenceDigest.of(evidence),
                due.dueBy(), EvidenceLockCause.EVIDENCE_DEADLINE));
    }

    /**
     * Whether the recommendation is still to be computed (the first call after the lock computes and records it, every
     * later call answers the recorded one). Refused before the lock, and after a decision taken without one.
     */
    boolean awaitsRecommendation() {
        requireLocked();
        if (recommendation == null && state == DisputeState.RESOLVED) {
            throw Escrow.invalidTransition("recommend on dispute " + disputeId
                    + ": it was decided before any recommendation was asked for");
        }
        return recommendation == null;
    }

    /**
     * The facts the recommendation engine may read: the escrow's held money and milestones, and the dispute's own.
     *
     * @param milestones the milestones whose money is held
     */
    RecommendationIssuedEvent recommend(String escrowId, Money held, List<DisputeFacts.MilestoneFacts> milestones,
                                        Instant at) {
        List<DisputeFacts.EvidenceFacts> submitted = evidence.stream()
                .map(e -> new DisputeFacts.EvidenceFacts(e.submittedBy().role(), e.submittedAt()))
                .toList();
        DisputeFacts facts = new DisputeFacts(held, milestones, reason, openedBy.role(), openedAt, submitted);
        return new RecommendationIssuedEvent(escrowId, disputeId, RecommendationEngine.recommend(facts), at);
    }

    /**
     * The ratio a decision pays out by: everything to one side for RELEASE and REFUND (a final_ratio given with them
     * must say the same), the final_ratio for a SPLIT. Refused before the lock and once resolved.
     */
    Ratio decisionRatio(DecideDisputeCommand command) {
        requireLocked();
        if (state == DisputeState.RESOLVED) {
            throw Escrow.invalidTransition("decide dispute " + disputeId + ": it is already resolved");
        }
        Ratio ratio = switch (command.decision()) {
            case RELEASE -> Ratio.ALL_TO_CONTRACTOR;
            case REFUND -> Ratio.ALL_TO_CLIENT;
            case SPLIT -> command.finalRatio();
        };
        if (command.finalRatio() != null && !command.finalRatio().equals(ratio)) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "A " + command.decision() + " decision pays client " + ratio.client().stripTrailingZeros()
                    + " and contractor " + ratio.contractor().stripTrailingZeros() + "; final_ratio says otherwise");
        }
        if (ratio == null) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "A SPLIT decision needs a final_ratio");
        }
        return ratio;
    }

    /**
     * The decision paying out everything held by the ratio, with the outcome recommended, if any was. The fee still
     * due on the held money is shared by the same ratio (half-even, as the payout): the contractor's part is taken
     * from the contractor's share, the client's part is returned.
     */
    DisputeResolvedEvent resolve(String escrowId, DisputeOutcome decision, Ratio ratio, String justification,
                                 Money held, Money feeDue, Instant at) {
        DisputeOutcome recommended = recommendation == null ? null : recommendation.recommendation();
        Payout feeShares = Payout.of(feeDue, ratio);
        return new DisputeResolvedEvent(escrowId, disputeId, decision, ratio, justification, held,
                Payout.of(held, ratio), recommended, at, feeShares.contractor(), feeShares.client());
    }

    private void requireLocked() {
        if (state == DisputeState.OPEN) {
            throw new DomainException(ErrorCode.EVIDENCE_NOT_LOCKED,
                    "Dispute " + disputeId + " is still collecting evidence: lock it first");
        }
    }

    @EventSourcingHandler
    void on(EvidenceSubmittedEvent event) {
        evidence.add(new Evidence(event.evidenceId(), event.submittedBy(), event.reference(), event.submittedAt()));
    }

    @EventSourcingHandler
    void on(EvidenceLockedEvent event) {
        state = DisputeState.EVIDENCE_LOCKED;
    }

    @EventSourcingHandler
    void on(RecommendationIssuedEvent event) {
        recommendation = event.recommendation();
    }

    @EventSourcingHandler
    void on(DisputeResolvedEvent event) {
        state = DisputeState.RESOLVED;
    }
}
