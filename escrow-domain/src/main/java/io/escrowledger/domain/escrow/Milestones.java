package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.recommendation.DisputeFacts;
import io.escrowledger.domain.escrow.value.MilestoneState;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An escrow's milestones, in the order agreed, each with where it stands, and the sums over them. Changed only by the
 * escrow's event sourcing handlers.
 */
final class Milestones {

    /** A milestone's terms and where it stands; replaced, never mutated. */
    record Milestone(MilestoneTerms terms, MilestoneState state, Instant firstDeliveredAt, boolean overdue) {

        String id() {
            return terms.milestoneId();
        }

        Milestone withState(MilestoneState newState) {
            return new Milestone(terms, newState, firstDeliveredAt, overdue);
        }

        Milestone delivered(Instant at) {
            return new Milestone(terms, MilestoneState.DELIVERED, firstDeliveredAt == null ? at : firstDeliveredAt,
                    overdue);
        }

        Milestone markedOverdue() {
            return new Milestone(terms, state, firstDeliveredAt, true);
        }

        /** Not delivered yet: pending, or funded and waiting for its work. */
        boolean undelivered() {
            return state == MilestoneState.PENDING || state == MilestoneState.FUNDED;
        }
    }

    private String currency;
    private Map<String, Milestone> byId = new LinkedHashMap<>();

    private Milestones() {
        // Read back from a snapshot.
    }

    Milestones(String currency, List<MilestoneTerms> terms) {
        this.currency = currency;
        terms.forEach(milestone -> byId.put(milestone.milestoneId(),
                new Milestone(milestone, MilestoneState.PENDING, null, false)));
    }

    /** Whether the milestone's deadline finds it undelivered and not yet marked overdue. */
    boolean fallsOverdue(String milestoneId) {
        Milestone milestone = byId.get(milestoneId);
        return milestone != null && milestone.undelivered() && !milestone.overdue();
    }

    Milestone require(String escrowId, String milestoneId) {
        Milestone milestone = byId.get(milestoneId);
        if (milestone == null) {
            throw new DomainException(ErrorCode.MILESTONE_NOT_FOUND,
                    "Escrow " + escrowId + " has no milestone " + milestoneId);
        }
        return milestone;
    }

    /** The milestones a release or refund acts on: the named one, which must be held, or every one still held. */
    List<Milestone> toPayOut(String escrowId, String milestoneId, String action) {
        if (milestoneId == null) {
            return held().toList();
        }
        Milestone milestone = require(escrowId, milestoneId);
        if (!milestone.state().isHeld()) {
            throw Escrow.invalidTransition(action + " milestone " + milestoneId + " in state " + milestone.state());
        }
        return List.of(milestone);
    }

    /** What the recommendation engine may read of the milestones whose money is held. */
    List<DisputeFacts.MilestoneFacts> heldFacts() {
        return held().map(m -> new DisputeFacts.MilestoneFacts(m.id(), m.terms().amount().minorUnits(),
                m.terms().deadline(), m.firstDeliveredAt())).toList();
    }

    Stream<Milestone> held() {
        return byId.values().stream().filter(m -> m.state().isHeld());
    }

    Money heldTotal() {
        return sum(held());
    }

    /** What all the milestones hold together: the escrow's total amount. */
    Money total() {
        return sum(byId.values().stream());
    }

    Money total(MilestoneState state) {
        return sum(byId.values().stream().filter(m -> m.state() == state));
    }

    Money sum(Stream<Milestone> some) {
        return some.map(m -> m.terms().amount()).reduce(Money.zero(currency), Money::plus);
    }

    Money zero() {
        return Money.zero(currency);
    }

    /** Funds are held for the whole escrow at once, however they were declared. */
    void fundAll() {
        byId.replaceAll((id, m) -> m.withState(MilestoneState.FUNDED));
    }

    void deliver(String milestoneId, Instant at) {
        byId.computeIfPresent(milestoneId, (id, m) -> m.delivered(at));
    }

    void change(String milestoneId, MilestoneState newState) {
        byId.computeIfPresent(milestoneId, (id, m) -> m.withState(newState));
    }

    void markOverdue(String milestoneId) {
        byId.computeIfPresent(milestoneId, (id, m) -> m.markedOverdue());
    }

    /** A dispute decision paid out everything held. */
    void resolveHeld() {
        byId.replaceAll((id, m) -> m.state().isHeld() ? m.withState(MilestoneState.RESOLVED) : m);
    }
}
