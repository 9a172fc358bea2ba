package io.escrowledger.domain.escrow.recommendation;

import java.math.BigDecimal;
import java.util.Map;

/**
 * One rule of the engine that fired.
 *
 * @param rule             its name, also the signal it raises
 * @param weight           what it did to the contractor's share (the delivery rules set the starting share)
 * @param confidenceWeight what it added to (or took from) the confidence
 * @param facts            the facts it read, by name, in a fixed order
 */
public record RuleApplication(String rule, BigDecimal weight, BigDecimal confidenceWeight, Map<String, String> facts) {
}
