package io.escrowledger.domain.escrow.recommendation;

import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.Ratio;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Recommends how to settle a dispute from the facts of its history. Pure and deterministic: the same facts and version
 * give the same recommendation, to the byte (decimal arithmetic only, no clock, no randomness). Every rule, weight and
 * threshold is listed in docs/recommendation-engine.md; change any of them and the version must change too.
 */
public final class RecommendationEngine {

    /** The rules below. Recommendations recorded as {@code 1.0.0} came from the earlier rules the document keeps. */
    public static final String VERSION = "v1.0.0";

    static final BigDecimal BASE_CONFIDENCE = new BigDecimal("0.50");
    static final BigDecimal LATE_PENALTY = new BigDecimal("0.25");
    static final BigDecimal LATE_CONFIDENCE = new BigDecimal("0.10");
    /** Work not yet due when the dispute froze it: neither earned nor forfeited, so each side is given half. */
    static final BigDecimal IN_PROGRESS_SHARE = new BigDecimal("0.5");
    /** What the completion rule adds to the confidence when the history settles every held unit (none in progress). */
    static final BigDecimal SETTLED_CONFIDENCE = new BigDecimal("0.30");
    static final BigDecimal EVIDENCE_WEIGHT = new BigDecimal("0.10");
    static final BigDecimal EVIDENCE_CONFIDENCE = new BigDecimal("0.15");
    static final BigDecimal NO_EVIDENCE_CONFIDENCE = new BigDecimal("-0.10");
    static final BigDecimal CONTRADICTION_WEIGHT = new BigDecimal("0.10");
    static final BigDecimal CONTRADICTION_CONFIDENCE = new BigDecimal("0.10");
    static final BigDecimal RELEASE_AT = new BigDecimal("0.95");
    static final BigDecimal REFUND_AT = new BigDecimal("0.05");
    static final BigDecimal MIN_CONFIDENCE = new BigDecimal("0.05");
    static final BigDecimal MAX_CONFIDENCE = new BigDecimal("0.95");

    private RecommendationEngine() {
    }

    /** The contractor's share is the sum of the weights of the rules that fire, in this order, clamped to 0..1. */
    public static Recommendation recommend(DisputeFacts facts) {
        List<RuleApplication> fired = new ArrayList<>();
        long held = facts.held().minorUnits();
        long delivered = sum(facts, DisputeFacts.MilestoneFacts::delivered);
        long late = sum(facts, DisputeFacts.MilestoneFacts::deliveredLate);
        long inProgress = sum(facts, milestone -> milestone.inProgressAt(facts.openedAt()));

        BigDecimal share = lateDeliveryRule(held, late, facts, fired);
        share = share.add(completionRule(held, delivered, inProgress, facts, fired));
        share = share.add(evidenceRule(facts, fired));
        share = share.add(contradictionRule(facts, delivered, late, fired));
        share = clamp(share, BigDecimal.ZERO, BigDecimal.ONE);

        BigDecimal confidence = BASE_CONFIDENCE;
        for (RuleApplication rule : fired) {
            confidence = confidence.add(rule.confidenceWeight());
        }
        confidence = clamp(confidence, MIN_CONFIDENCE, MAX_CONFIDENCE).setScale(2, RoundingMode.HALF_EVEN);

        DisputeOutcome outcome;
        Ratio ratio;
        if (share.compareTo(RELEASE_AT) >= 0) {
            outcome = DisputeOutcome.RELEASE;
            ratio = Ratio.ALL_TO_CONTRACTOR;
        } else if (share.compareTo(REFUND_AT) <= 0) {
            outcome = DisputeOutcome.REFUND;
            ratio = Ratio.ALL_TO_CLIENT;
        } else {
            outcome = DisputeOutcome.SPLIT;
            ratio = Ratio.contractorShare(share);
        }
        return new Recommendation(outcome, confidence, fired.stream().map(RuleApplication::rule).toList(), ratio,
                VERSION, fired);
    }

    /**
     * late_delivery: a quarter of the late-delivered fraction comes off the contractor's share. Lateness is proven by
     * two recorded times (the deadline and the first delivery), so it firms the recommendation up.
     */
    private static BigDecimal lateDeliveryRule(long held, long late, DisputeFacts disputeFacts,
                                               List<RuleApplication> fired) {
        if (late == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal penalty = LATE_PENALTY.multiply(fraction(late, held)).setScale(4, RoundingMode.HALF_EVEN).negate();
        fired.add(rule("late_delivery", penalty, LATE_CONFIDENCE, facts("late_amount", late, "held_amount", held,
                "late_milestones", milestoneIds(disputeFacts, DisputeFacts.MilestoneFacts::deliveredLate))));
        return penalty;
    }

    /**
     * Exactly one of no_delivery, full_delivery, partial_completion: the share the contractor earned by delivering,
     * with work in progress (not delivered, not yet due when the dispute was opened) counted at half. Confidence grows
     * with the part of the held money the history settles: delivered, or undelivered past its deadline (or without
     * one); work in progress settles nothing.
     */
    private static BigDecimal completionRule(long held, long delivered, long inProgress, DisputeFacts disputeFacts,
                                             List<RuleApplication> fired) {
        Map<String, String> facts = facts("held_amount", held, "delivered_amount", delivered, "in_progress_amount",
                inProgress, "in_progress_milestones",
                milestoneIds(disputeFacts, milestone -> milestone.inProgressAt(disputeFacts.openedAt())),
                "due_as_of", disputeFacts.openedAt());
        BigDecimal earned = fraction(BigDecimal.valueOf(delivered)
                                               .add(IN_PROGRESS_SHARE.multiply(BigDecimal.valueOf(inProgress))), held);
        BigDecimal confidence = fraction(SETTLED_CONFIDENCE.multiply(BigDecimal.valueOf(held - inProgress)), held);
        String name = delivered == 0 ? "no_delivery" : delivered == held ? "full_delivery" : "partial_completion";
        fired.add(rule(name, earned, confidence, facts));
        return earned;
    }

    /**
     * no_counter_evidence: one side backed its case and the other did not answer; the share moves toward the side
     * that did. no_evidence: neither side gave any, which lowers confidence only.
     */
    private static BigDecimal evidenceRule(DisputeFacts disputeFacts, List<RuleApplication> fired) {
        long client = count(disputeFacts, ActorRole.CLIENT);
        long contractor = count(disputeFacts, ActorRole.CONTRACTOR);
        Map<String, String> facts = facts("client_evidence", client, "contractor_evidence", contractor);
        facts.put("client_first_evidence_after", firstEvidenceDelay(disputeFacts, ActorRole.CLIENT));
        facts.put("contractor_first_evidence_after", firstEvidenceDelay(disputeFacts, ActorRole.CONTRACTOR));
        if (client == 0 && contractor == 0) {
            fired.add(rule("no_evidence", BigDecimal.ZERO, NO_EVIDENCE_CONFIDENCE, facts));
            return BigDecimal.ZERO;
        }
        if (client > 0 && contractor > 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal weight = contractor > 0 ? EVIDENCE_WEIGHT : EVIDENCE_WEIGHT.negate();
        fired.add(rule("no_counter_evidence", weight, EVIDENCE_CONFIDENCE, facts));
        return weight;
    }

    /** reason_contradicted: the opener's stated reason is refuted by the history; the share moves away from them. */
    private static BigDecimal contradictionRule(DisputeFacts disputeFacts, long delivered, long late,
                                                List<RuleApplication> fired) {
        boolean contradicted = switch (disputeFacts.reason()) {
            case NOT_DELIVERED -> delivered > 0;
            case LATE_DELIVERY -> delivered > 0 && late == 0;
            default -> false;
        };
        if (!contradicted) {
            return BigDecimal.ZERO;
        }
        BigDecimal weight = disputeFacts.openedBy() == ActorRole.CLIENT
                ? CONTRADICTION_WEIGHT : CONTRADICTION_WEIGHT.negate();
        fired.add(rule("reason_contradicted", weight, CONTRADICTION_CONFIDENCE, facts("reason_code",
                disputeFacts.reason().name(), "opened_by", disputeFacts.openedBy().name().toLowerCase(Locale.ROOT),
                "delivered_amount", delivered, "late_amount", late)));
        return weight;
    }

    private static long count(DisputeFacts facts, ActorRole role) {
        return facts.evidence().stream().filter(e -> e.submittedBy() == role).count();
    }

    private static String firstEvidenceDelay(DisputeFacts facts, ActorRole role) {
        return facts.evidence().stream().filter(e -> e.submittedBy() == role).findFirst()
                    .map(e -> Duration.between(facts.openedAt(), e.submittedAt()).toString())
                    .orElse("none");
    }

    private static long sum(DisputeFacts facts, Predicate<DisputeFacts.MilestoneFacts> which) {
        return facts.milestones().stream().filter(which).mapToLong(DisputeFacts.MilestoneFacts::amount).sum();
    }

    private static String milestoneIds(DisputeFacts facts, Predicate<DisputeFacts.MilestoneFacts> which) {
        List<String> ids = facts.milestones().stream().filter(which).map(DisputeFacts.MilestoneFacts::milestoneId)
                                .toList();
        return ids.isEmpty() ? "none" : String.join(",", ids);
    }

    private static BigDecimal fraction(long part, long whole) {
        return fraction(BigDecimal.valueOf(part), whole);
    }

    /** part / whole to four places, rounded once, half-even; a part of nothing is 0. */
    private static BigDecimal fraction(BigDecimal part, long whole) {
        return whole == 0 ? BigDecimal.ZERO : part.divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal clamp(BigDecimal value, BigDecimal min, BigDecimal max) {
        return value.max(min).min(max);
    }

    private static RuleApplication rule(String name, BigDecimal weight, BigDecimal confidenceWeight,
                                        Map<String, String> facts) {
        return new RuleApplication(name, weight.setScale(4, RoundingMode.HALF_EVEN),
                confidenceWeight.setScale(4, RoundingMode.HALF_EVEN), facts);
    }

    private static Map<String, String> facts(Object... namesAndValues) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            facts.put((String) namesAndValues[i], String.valueOf(namesAndValues[i + 1]));
        }
        return facts;
    }
}
