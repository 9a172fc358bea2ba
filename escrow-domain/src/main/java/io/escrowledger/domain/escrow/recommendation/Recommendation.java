package io.escrowledger.domain.escrow.recommendation;

import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.Ratio;

import java.math.BigDecimal;
import java.util.List;

/**
 * The engine's advice on a dispute, with every rule that fired so an arbiter can check it by hand.
 *
 * @param confidence     0 to 1, two decimal places
 * @param signals        the names of the rules that fired, in the order they were applied
 * @param suggestedRatio how the held money would be shared
 * @param engineVersion  semantic version of the rules that produced it
 */
public record Recommendation(DisputeOutcome recommendation,
                             BigDecimal confidence,
                             List<String> signals,
                             Ratio suggestedRatio,
                             String engineVersion,
                             List<RuleApplication> explanation) {

    public Recommendation {
        signals = List.copyOf(signals);
        explanation = List.copyOf(explanation);
    }
}
