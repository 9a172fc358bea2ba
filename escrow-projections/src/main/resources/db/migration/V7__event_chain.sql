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
