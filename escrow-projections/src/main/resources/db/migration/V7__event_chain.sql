-- Tamper evidence: each stored event's hash covers the previous event's hash of the same aggregate and the event's
-- stored bytes (docs/audit.md). Written by EventChainProjection in the transaction that appends the event.
CREATE TABLE event_chain (
    global_index         BIGINT PRIMARY KEY,
    aggregate_identifier TEXT   NOT NULL,
    sequence_number      BIGINT NOT NULL,
    event_identifier     TEXT   NOT NULL UNIQUE,
    integrator_id        TEXT,
    previous_hash        TEXT   NOT NULL,
    hash                 TEXT   NOT NULL,
    UNIQUE (aggregate_identifier, sequence_number)
);
-- An integrator's feed, in global order.
CREATE INDEX event_chain_by_integrator ON event_chain (integrator_id, global_index);

-- Events stored before chaining existed (up to this index) may be chained later, once, from their rows. Any other
-- event whose predecessor has no chain row is refused: a missing link is evidence, never something to paper over.
CREATE TABLE event_chain_origin (
    last_unchained_global_index BIGINT NOT NULL
);
INSERT INTO event_chain_origin SELECT coalesce(max(global_index), 0) FROM domain_event_entry;
