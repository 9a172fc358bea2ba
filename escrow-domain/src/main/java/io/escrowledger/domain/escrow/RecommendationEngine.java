package io.escrowledger.domain.escrow;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recommends how to settle a dispute from the facts of its history. Pure and deterministic: the same facts and version
 * give the same recommendation, to the byte (decimal arithmetic only, no clock, no randomness). Every rule, weight and
 * threshold is listed in docs/recommendation-engine.md; change any of them and the version must change too.
 */
public final class RecommendationEngine {

    public static final String VERSION = "1.0.0";

    static final BigDecimal BASE_CONFIDENCE = new BigDecimal("0.50");
    static final BigDecimal LATE_PENALTY = new BigDecimal("0.25");
    static final BigDecimal EVIDENCE_WEIGHT = new BigDecimal("0.10");
    static final BigDecimal CONTRADICTION_WEIGHT = new BigDecimal("0.10");
    static final BigDecimal RELEASE_AT = new BigDecimal("0.95");
    static final BigDecimal REFUND_AT = new BigDecimal("0.05");
    static final BigDecimal MIN_CONFIDENCE = new BigDecimal("0.05");
    static final BigDecimal MAX_CONFIDENCE = new BigDecimal("0.95");

    private RecommendationEngine() {
    }

    public static Recommendation recommend(DisputeFacts facts) {
        List<RuleApplication> fired = new ArrayList<>();
        long held = facts.held().minorUnits();
        long delivered = facts.milestones().stream().filter(DisputeFacts.MilestoneFacts::delivered)
                              .mapToLong(DisputeFacts.MilestoneFacts::amount).sum();
        long late = facts.milestones().stream().filter(DisputeFacts.MilestoneFacts::deliveredLate)
                         .mapToLong(DisputeFacts.MilestoneFacts::amount).sum();

        BigDecimal share = deliveryRule(held, delivered, fired);
        share = share.add(lateDeliveryRule(held, late, facts, fired));
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

    /** Exactly one of no_delivery, full_delivery, partial_completion: the contractor's starting share. */
    private static BigDecimal deliveryRule(long held, long delivered, List<RuleApplication> fired) {
        Map<String, String> facts = facts("held_amount", held, "delivered_amount", delivered);
        if (delivered == 0) {
            fired.add(rule("no_delivery", BigDecimal.ZERO, "0.30", facts));
            return BigDecimal.ZERO;
        }
        if (delivered == held) {
            fired.add(rule("full_delivery", BigDecimal.ONE, "0.20", facts));
            return BigDecimal.ONE;
        }
        BigDecimal fraction = fraction(delivered, held);
        fired.add(rule("partial_completion", fraction, "0.05", facts));
        return fraction;
    }

    /** late_delivery: a quarter of the late-delivered fraction comes off the contractor's share. */
    private static BigDecimal lateDeliveryRule(long held, long late, DisputeFacts disputeFacts,
                                               List<RuleApplication> fired) {
        if (late == 0) {
            return BigDecimal.ZERO;
        }
        List<String> lateMilestones = disputeFacts.milestones().stream()
                                                  .filter(DisputeFacts.MilestoneFacts::deliveredLate)
                                                  .map(DisputeFacts.MilestoneFacts::milestoneId).toList();
        BigDecimal penalty = LATE_PENALTY.multiply(fraction(late, held)).setScale(4, RoundingMode.HALF_EVEN).negate();
        fired.add(rule("late_delivery", penalty, "-0.05", facts("late_amount", late, "held_amount", held,
                "late_milestones", String.join(",", lateMilestones))));
        return penalty;
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
            fired.add(rule("no_evidence", BigDecimal.ZERO, "-0.10", facts));
            return BigDecimal.ZERO;
        }
        if (client > 0 && contractor > 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal weight = contractor > 0 ? EVIDENCE_WEIGHT : EVIDENCE_WEIGHT.negate();
        fired.add(rule("no_counter_evidence", weight, "0.15", facts));
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
        fired.add(rule("reason_contradicted", weight, "0.10", facts("reason_code", disputeFacts.reason().name(),
                "opened_by", disputeFacts.openedBy().name().toLowerCase(java.util.Locale.ROOT),
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

    private static BigDecimal fraction(long part, long whole) {
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal clamp(BigDecimal value, BigDecimal min, BigDecimal max) {
        return value.max(min).min(max);
    }

    private static RuleApplication rule(String name, BigDecimal weight, String confidenceWeight,
                                        Map<String, String> facts) {
        return new RuleApplication(name, weight.setScale(4, RoundingMode.HALF_EVEN), new BigDecimal(confidenceWeight),
                facts);
    }

    private static Map<String, String> facts(Object... namesAndValues) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            facts.put((String) namesAndValues[i], String.valueOf(namesAndValues[i + 1]));
        }
        return facts;
    }
}
