/**
 * What an escrow records: one record per event, past tense, each with its @Revision and an approved stored form; stored
 * under the names of io.escrowledger.domain.eventtypes.EventTypes.
 */
package io.escrowledger.domain.escrow.event;
