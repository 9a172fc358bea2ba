/**
 * The escrow's rules, one named policy per family: what its terms must be at creation, the rules of each type of
 * release condition, and when it can be cancelled.
 */
package io.escrowledger.domain.escrow.policy;
