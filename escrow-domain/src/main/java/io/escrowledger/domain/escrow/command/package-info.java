/**
 * What an escrow is asked to do: one record per command, imperative, carrying the time and ids the caller made.
 */
package io.escrowledger.domain.escrow.command;
