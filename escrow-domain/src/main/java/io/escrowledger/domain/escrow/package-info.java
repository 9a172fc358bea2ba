/**
 * The escrow aggregate (Escrow) and what it is made of: its dispute and its release condition's progress (entities of
 * the aggregate), its milestones, how it pays out, its deadlines. The model it speaks is in the subpackages: command
 * (what is asked of it), event (what it records), value (the values both carry), policy (its rules), recommendation
 * (the advice on a dispute) and port (what it asks of the world outside).
 */
package io.escrowledger.domain.escrow;
