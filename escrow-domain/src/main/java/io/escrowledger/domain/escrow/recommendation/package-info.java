/**
 * The recommendation engine: pure, deterministic advice on a dispute from the facts of its history
 * (docs/recommendation-engine.md).
 */
package io.escrowledger.domain.escrow.recommendation;
