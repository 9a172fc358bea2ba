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

-- The service only ever inserts events. Any row of domain_event_entry updated or deleted afterwards (an event
-- altered, removed, renumbered or moved between aggregates: by hand, by a script, by an attacker) is recorded here,
-- for each aggregate it touched, and no command appends to that aggregate any more (chain_fault): an operator
-- verifies the history (docs/audit.md), repairs it, and deletes the row to acknowledge it.
CREATE TABLE event_store_alterations (
    aggregate_identifier TEXT        NOT NULL,
    global_index         BIGINT      NOT NULL,
    operation            TEXT        NOT NULL,
    altered_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    altered_by           TEXT        NOT NULL DEFAULT current_user
);
CREATE INDEX event_store_alterations_by_aggregate ON event_store_alterations (aggregate_identifier);

CREATE FUNCTION record_event_alteration() RETURNS TRIGGER
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO event_store_alterations (aggregate_identifier, global_index, operation)
    VALUES (OLD.aggregate_identifier, OLD.global_index, TG_OP);
    IF TG_OP = 'UPDATE' AND NEW.aggregate_identifier <> OLD.aggregate_identifier THEN
        INSERT INTO event_store_alterations (aggregate_identifier, global_index, operation)
        VALUES (NEW.aggregate_identifier, NEW.global_index, TG_OP);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER record_event_alteration AFTER UPDATE OR DELETE ON domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION record_event_alteration();

-- What is wrong with an aggregate's stored history, or NULL when nothing is: none of its events was altered since it
-- was stored (event_store_alterations), and from sequence number `first` on, each event still hashes to its link,
-- sits where its link says (same global index, aggregate and sequence), follows the link before it, none is missing,
-- and no link is left without its event. What a command loads (the events after the aggregate's snapshot) is checked
-- so before the command decides anything (ChainCheckedEventStorage): an alteration by SQL anywhere in the history, or
-- a change made with the triggers disabled in the part loaded. The verification (AuditQueries.verify) recomputes the
-- whole history.
CREATE FUNCTION chain_fault(aggregate TEXT, first BIGINT) RETURNS TEXT
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    event    RECORD;
    expected BIGINT := first;
    before   TEXT;
    fault    TEXT;
BEGIN
    SELECT 'its stored event with global index ' || global_index || ' was '
           || CASE operation WHEN 'DELETE' THEN 'deleted' ELSE 'altered' END
           || ' at ' || altered_at || ' by ' || altered_by
    INTO fault FROM event_store_alterations WHERE aggregate_identifier = aggregate ORDER BY altered_at LIMIT 1;
    IF FOUND THEN
        RETURN fault;
    END IF;
    IF first > 0 THEN
        SELECT hash INTO before FROM event_chain WHERE aggregate_identifier = aggregate AND sequence_number = first - 1;
    ELSE
        before := repeat('0', 64);
    END IF;
    FOR event IN SELECT e.sequence_number, e.global_index, l.global_index AS link_index,
                        l.aggregate_identifier AS link_aggregate, l.sequence_number AS link_sequence,
                        l.previous_hash, l.hash, event_hash(l.previous_hash, e) AS recomputed
                 FROM domain_event_entry e LEFT JOIN event_chain l ON l.global_index = e.global_index
                 WHERE e.aggregate_identifier = aggregate AND e.sequence_number >= first
                 ORDER BY e.sequence_number LOOP
        IF event.sequence_number <> expected THEN
            RETURN 'event ' || expected || ' is missing';
        END IF;
        IF event.link_index IS NULL THEN
            RETURN 'event ' || event.sequence_number || ' has no link in the chain';
        END IF;
        IF event.link_aggregate <> aggregate OR event.link_sequence <> event.sequence_number THEN
            RETURN 'event ' || event.sequence_number || ' was moved or renumbered';
        END IF;
        IF event.recomputed <> event.hash OR event.previous_hash IS DISTINCT FROM before THEN
            RETURN 'event ' || event.sequence_number || ' differs from what was stored';
        END IF;
        expected := event.sequence_number + 1;
        before := event.hash;
    END LOOP;
    IF EXISTS (SELECT 1 FROM event_chain WHERE aggregate_identifier = aggregate AND sequence_number >= expected) THEN
        RETURN 'event ' || expected || ' was removed';
    END IF;
    RETURN NULL;
END
$$;

-- Links each appended event to the one before it in its aggregate, after checking that the event before it is still
-- there and still matches its link (the command checked the rest of what it loaded: chain_fault). Anything else is
-- evidence of tampering (an event altered, deleted, renumbered or moved between aggregates), and the append is refused
-- (SQLSTATE EL001, answered history_integrity_failure) rather than building on it.
-- Only events stored before chaining existed (up to event_chain_origin) may lack a link: they are chained from their
-- rows now, once, in order.
CREATE FUNCTION chain_appended_event() RETURNS TRIGGER
    LANGUAGE plpgsql AS $$
DECLARE
    link     event_chain;
    previous TEXT;
    earlier  domain_event_entry;
BEGIN
    -- Until this transaction ends, nothing that takes the aggregate's lock exclusively runs: a rebuild that replays the
    -- aggregate's history (AnalyticsReplay) waits for this append to commit, or this append for it.
    PERFORM pg_advisory_xact_lock_shared(hashtext(NEW.aggregate_identifier));
    IF NEW.sequence_number = 0 THEN
        previous := repeat('0', 64);
    ELSE
        SELECT * INTO link FROM event_chain
        WHERE aggregate_identifier = NEW.aggregate_identifier AND sequence_number = NEW.sequence_number - 1;
        IF FOUND THEN
            SELECT * INTO earlier FROM domain_event_entry
            WHERE aggregate_identifier = NEW.aggregate_identifier AND sequence_number = NEW.sequence_number - 1;
            IF earlier.global_index IS DISTINCT FROM link.global_index
               OR event_hash(link.previous_hash, earlier) <> link.hash THEN
                RAISE EXCEPTION 'Event % of % no longer matches its link in the hash chain: its history was changed '
                                'behind the service''s back; verify it before appending',
                                NEW.sequence_number - 1, NEW.aggregate_identifier
                    USING ERRCODE = 'EL001';
            END IF;
            previous := link.hash;
        ELSE
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
