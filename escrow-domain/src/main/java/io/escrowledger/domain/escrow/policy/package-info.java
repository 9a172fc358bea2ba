/**
 * The escrow's rules, one named policy per family: what its terms must be at creation, and the rules of each type of
 * release condition.
 */
package io.escrowledger.domain.escrow.policy;
