/**
 * What an escrow asks of the world outside, implemented in other modules in the command's transaction: external-id
 * uniqueness and the vault side of a vault-funded escrow.
 */
package io.escrowledger.domain.escrow.port;
