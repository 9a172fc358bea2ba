package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.recommendation.DisputeFacts;
import io.escrowledger.domain.escrow.value.MilestoneState;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;

import java.math.RoundingMode;
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

    /**
     * A milestone's terms and where it stands; replaced, never mutated. {@code released} and {@code refunded} are the
     * gross amounts paid out of it so far.
     */
    record Milestone(MilestoneTerms terms, MilestoneState state, Instant firstDeliveredAt, boolean overdue,
                     Money released, Money refunded) {

        String id() {
            return terms.milestoneId();
        }

        Milestone withState(MilestoneState newState) {
            return new Milestone(terms, newState, firstDeliveredAt, overdue, released, refunded);
        }

        Milestone delivered(Instant at) {
            return new Milestone(terms, MilestoneState.DELIVERED, firstDeliveredAt == null ? at : firstDeliveredAt,
                    overdue, released, refunded);
        }

        Milestone markedOverdue() {
            return new Milestone(terms, state, firstDeliveredAt, true, released, refunded);
        }

        /** What the milestone still holds. */
        Money remaining() {
            return terms.amount().minus(released).minus(refunded);
        }

        /**
         * The platform's share of the milestone's fee that paying out {@code part} carries: the fee is spread over the
         * milestone's amount in proportion, counted cumulatively and rounded down, so once everything is paid out the
         * shares add up to the fee exactly, however the milestone was split.
         */
        Money feeShare(Money part) {
            Money paid = released.plus(refunded);
            return feeThrough(paid.plus(part)).minus(feeThrough(paid));
        }

        /** The fee still to be shared out over what the milestone holds. */
        Money remainingFee() {
            return terms.fee().minus(feeThrough(released.plus(refunded)));
        }

        private Money feeThrough(Money paid) {
            return terms.fee().times(paid.minorUnits(), terms.amount().minorUnits(), RoundingMode.FLOOR);
        }

        /** After paying out {@code gross} of it; once nothing is left it is RELEASED, REFUNDED, or SETTLED (both). */
        Milestone paidOut(Money gross, boolean toContractor) {
            Money nowReleased = toContractor ? released.plus(gross) : released;
            Money nowRefunded = toContractor ? refunded : refunded.plus(gross);
            MilestoneState next = state;
            if (nowReleased.plus(nowRefunded).equals(terms.amount())) {
                next = nowRefunded.isZero() ? MilestoneState.RELEASED
                        : nowReleased.isZero() ? MilestoneState.REFUNDED
                        : MilestoneState.SETTLED;
            }
            return new Milestone(terms, next, firstDeliveredAt, overdue, nowReleased, nowRefunded);
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
                new Milestone(milestone, MilestoneState.PENDING, null, false, Money.zero(currency),
                        Money.zero(currency))));
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

    /** Part of a milestone's held money, paid out by one release or refund. */
    record Part(Milestone milestone, Money amount) {

        /** What the milestone still holds after this part. */
        Money remainingAfter() {
            return milestone.remaining().minus(amount);
        }
    }

    /**
     * What a release or refund pays out: {@code amount} (minor units of the escrow's currency) of the named milestone,
     * which must be held and hold at least that much (TigerBeetle's posting of less than the pending amount; the rest stays held); without an amount,
     * everything the named milestone, or every milestone, still holds.
     */
    List<Part> toPayOut(String escrowId, String milestoneId, Long amount, String action) {
        if (milestoneId == null) {
            if (amount != null) {
                throw new DomainException(ErrorCode.VALIDATION_FAILED,
                        "An amount to " + action + " needs the milestone it comes from");
            }
            return wholly(held().toList());
        }
        Milestone milestone = require(escrowId, milestoneId);
        if (!milestone.state().isHeld()) {
            throw Escrow.invalidTransition(action + " milestone " + milestoneId + " in state " + milestone.state());
        }
        if (amount == null) {
            return wholly(List.of(milestone));
        }
        if (amount < 1) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "The amount to " + action + " must be positive");
        }
        if (amount > milestone.remaining().minorUnits()) {
            throw new DomainException(ErrorCode.AMOUNT_EXCEEDS_HELD, "Milestone " + milestoneId + " holds "
                    + milestone.remaining().minorUnits() + ", less than the " + amount + " to " + action,
                    Map.of("remaining_amount", String.valueOf(milestone.remaining().minorUnits())));
        }
        return List.of(new Part(milestone, Money.of(amount, currency)));
    }

    /** Everything every held milestone still holds. */
    List<Part> allHeld() {
        return wholly(held().toList());
    }

    private static List<Part> wholly(List<Milestone> milestones) {
        return milestones.stream().map(m -> new Part(m, m.remaining())).toList();
    }

    /** What the recommendation engine may read of the milestones whose money is held. */
    List<DisputeFacts.MilestoneFacts> heldFacts() {
        return held().map(m -> new DisputeFacts.MilestoneFacts(m.id(), m.remaining().minorUnits(),
                m.terms().deadline(), m.firstDeliveredAt())).toList();
    }

    Stream<Milestone> held() {
        return byId.values().stream().filter(m -> m.state().isHeld());
    }

    /** What the milestones still hold. */
    Money heldTotal() {
        return held().map(Milestone::remaining).reduce(zero(), Money::plus);
    }

    /** The platform's fee still to be shared out over what is held. */
    Money heldFeeRemaining() {
        return held().map(Milestone::remainingFee).reduce(zero(), Money::plus);
    }

    /** The gross paid out to the contractor by releases (not by a dispute decision). */
    Money releasedTotal() {
        return byId.values().stream().map(Milestone::released).reduce(zero(), Money::plus);
    }

    /** The gross paid back to the client by refunds (not by a dispute decision). */
    Money refundedTotal() {
        return byId.values().stream().map(Milestone::refunded).reduce(zero(), Money::plus);
    }

    /** What all the milestones hold together: the escrow's total amount. */
    Money total() {
        return sum(byId.values().stream());
    }

    private Money sum(Stream<Milestone> some) {
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

    void payOut(String milestoneId, Money gross, boolean toContractor) {
        byId.computeIfPresent(milestoneId, (id, m) -> m.paidOut(gross, toContractor));
    }

    void markOverdue(String milestoneId) {
        byId.computeIfPresent(milestoneId, (id, m) -> m.markedOverdue());
    }

    /** A dispute decision paid out everything held. */
    void resolveHeld() {
        byId.replaceAll((id, m) -> m.state().isHeld() ? m.withState(MilestoneState.RESOLVED) : m);
    }
}
