-- The hash chain (docs/audit.md) is written by the database itself as each event is appended, instead of by a
-- projection reading the row back: the same hash (format escrow-ledger-event-hash-v1, EventHash in Java, which
-- verifies it), computed from the exact stored bytes, in the same transaction, with no round trip, whoever appends.

-- The hash of one stored event given the previous hash of its aggregate: SHA-256 over the format name, the previous
-- hash, every column of the row, the lengths of the metadata (-1 when there is none) and of the payload, each field
-- ended by a line feed.
CREATE FUNCTION event_hash(previous_hash TEXT, event domain_event_entry) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT encode(sha256(
    convert_to('escrow-ledger-event-hash-v1' || E'\n' || previous_hash || E'\n' || event.global_index || E'\n'
               || coalesce(event.type, '') || E'\n' || event.aggregate_identifier || E'\n'
               || event.sequence_number || E'\n' || event.event_identifier || E'\n' || event.payload_type || E'\n'
               || coalesce(event.payload_revision, '') || E'\n' || event.time_stamp || E'\n'
               || coalesce(length(event.meta_data)::TEXT, '-1') || E'\n', 'UTF8')
    || coalesce(event.meta_data, ''::BYTEA) || '\x0a'::BYTEA
    || convert_to(length(event.payload)::TEXT || E'\n', 'UTF8') || event.payload || '\x0a'::BYTEA), 'hex')
$$;

-- Links each appended event to the one before it in its aggregate. Only events stored before chaining existed (up
-- to event_chain_origin) may lack a link: they are chained from their rows now, once, in order. A link missing
-- anywhere else is evidence of tampering, and the append is refused (SQLSTATE EL001, answered
-- history_integrity_failure) rather than papering over it.
CREATE FUNCTION chain_appended_event() RETURNS TRIGGER
    LANGUAGE plpgsql AS $$
DECLARE
    previous TEXT;
    earlier  domain_event_entry;
BEGIN
    IF NEW.sequence_number = 0 THEN
        previous := repeat('0', 64);
    ELSE
        SELECT hash INTO previous FROM event_chain
        WHERE aggregate_identifier = NEW.aggregate_identifier AND sequence_number = NEW.sequence_number - 1;
        IF previous IS NULL THEN
            IF EXISTS (SELECT 1 FROM event_chain WHERE aggregate_identifier = NEW.aggregate_identifier)
               OR (SELECT count(*) FROM domain_event_entry
                   WHERE aggregate_identifier = NEW.aggregate_identifier
                     AND sequence_number < NEW.sequence_number) <> NEW.sequence_number
               OR EXISTS (SELECT 1 FROM domain_event_entry
                          WHERE aggregate_identifier = NEW.aggregate_identifier
                            AND sequence_number < NEW.sequence_number
                            AND global_index > (SELECT last_unchained_global_index FROM event_chain_origin)) THEN
                RAISE EXCEPTION 'The hash chain of % has no link for event %: its history may have been tampered '
                                'with; verify it before appending', NEW.aggregate_identifier, NEW.sequence_number - 1
                    USING ERRCODE = 'EL001';
            END IF;
            previous := repeat('0', 64);
            FOR earlier IN SELECT * FROM domain_event_entry
                           WHERE aggregate_identifier = NEW.aggregate_identifier
                             AND sequence_number < NEW.sequence_number
                           ORDER BY sequence_number LOOP
                INSERT INTO event_chain (global_index, aggregate_identifier, sequence_number, event_identifier,
                                         integrator_id, previous_hash, hash)
                VALUES (earlier.global_index, earlier.aggregate_identifier, earlier.sequence_number,
                        earlier.event_identifier, convert_from(earlier.meta_data, 'UTF8')::JSONB ->> 'integrator_id',
                        previous, event_hash(previous, earlier));
                previous := event_hash(previous, earlier);
            END LOOP;
        END IF;
    END IF;
    INSERT INTO event_chain (global_index, aggregate_identifier, sequence_number, event_identifier, integrator_id,
                             previous_hash, hash)
    VALUES (NEW.global_index, NEW.aggregate_identifier, NEW.sequence_number, NEW.event_identifier,
            convert_from(NEW.meta_data, 'UTF8')::JSONB ->> 'integrator_id', previous, event_hash(previous, NEW));
    RETURN NULL;
END
$$;

CREATE TRIGGER chain_appended_event AFTER INSERT ON domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION chain_appended_event();
