/**
 * The values commands and events carry: states, terms, parties, shares and payouts. Immutable records and enums.
 */
package io.escrowledger.domain.escrow.value;
