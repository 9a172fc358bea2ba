package io.escrowledger.projections.audit;

import io.escrowledger.domain.eventtypes.EventTypes;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** An aggregate's chained history, an integrator's feed, and the verification of a chain against the stored rows. */
@Component
public class AuditQueries {

    private static final long FEED_PAGE = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;
    private final StoredEvents events;

    public AuditQueries(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate transactions,
                        StoredEvents events) {
        this.jdbc = jdbc;
        this.events = events;
        this.streaming = new JdbcTemplate(jdbcTemplate.getDataSource());
        this.streaming.setFetchSize(500);
        // One snapshot for the events and their chain, so an append committing in between cannot look like tampering.
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
        this.readOnly.setIsolationLevel(TransactionTemplate.ISOLATION_REPEATABLE_READ);
    }

    /** One event with its place in the chain. */
    public record ChainedEvent(EventHash.StoredEvent event, String previousHash, String hash) {
    }

    /** An event's place in its aggregate's chain, without the event: its sequence, stable name and recorded hash. */
    public record Link(long sequence, String typeName, String hash) {
    }

    /** The outcome of recomputing a chain: valid, or the first sequence number where it breaks and why. */
    public record Verification(boolean valid, int eventCount, String headHash, Long brokenAtSequence, String reason,
                               Long expectedHeadAtSequence) {
    }

    /** An aggregate's events in order, each with the hash recorded when it was stored. */
    public List<ChainedEvent> history(String aggregateId) {
        return readOnly.execute(status -> historyInSnapshot(aggregateId));
    }

    private List<ChainedEvent> historyInSnapshot(String aggregateId) {
        Map<Long, String[]> chain = chain(aggregateId);
        List<ChainedEvent> history = new ArrayList<>();
        for (EventHash.StoredEvent event : events.ofAggregate(aggregateId)) {
            String[] link = chain.get(event.sequence());
            history.add(new ChainedEvent(event, link == null ? null : link[0], link == null ? null : link[1]));
        }
        return history;
    }

    /** The hash recorded for each of an aggregate's events when it was stored, in order, with the event's type. */
    public List<Link> links(String aggregateId) {
        return jdbc.sql("""
                        SELECT c.sequence_number, e.payload_type, c.hash
                        FROM event_chain c JOIN domain_event_entry e ON e.global_index = c.global_index
                        WHERE c.aggregate_identifier = ? ORDER BY c.sequence_number""")
                   .param(aggregateId)
                   .query((row, n) -> new Link(row.getLong(1), EventTypes.displayName(row.getString(2)), row.getString(3)))
                   .list();
    }

    /**
     * Recomputes the chain from the rows as they are now and compares it with the hashes recorded at write time: an
     * altered, removed, moved or reordered event shows as a break. A head hash the auditor recorded earlier must be
     * the hash of one of the events (it pins the history up to that event): if it is not, events were removed or the
     * history rewritten.
     */
    public Verification verify(String aggregateId, String expectedHead) {
        return readOnly.execute(status -> verifyInSnapshot(aggregateId, expectedHead));
    }

    private Verification verifyInSnapshot(String aggregateId, String expectedHead) {
        List<EventHash.StoredEvent> stored = events.ofAggregate(aggregateId);
        Map<Long, String[]> chain = chain(aggregateId);
        String previous = EventHash.GENESIS;
        Long expectedAt = null;
        for (int sequence = 0; sequence < stored.size(); sequence++) {
            EventHash.StoredEvent event = stored.get(sequence);
            if (event.sequence() != sequence) {
                return broken(sequence, stored.size(), previous, "event " + sequence + " is missing");
            }
            String[] recorded = chain.get((long) sequence);
            String hash = EventHash.of(previous, event);
            if (recorded == null || !recorded[1].equals(hash) || !recorded[0].equals(previous)) {
                return broken(sequence, stored.size(), previous, "event " + sequence + " differs from what was stored");
            }
            if (!Objects.equals(recorded[2], event.integratorId())) {
                return broken(sequence, stored.size(), previous, "event " + sequence + " is filed under another integrator");
            }
            if (hash.equals(expectedHead)) {
                expectedAt = (long) sequence;
            }
            previous = hash;
        }
        if (chain.size() > stored.size()) {
            return broken(stored.size(), stored.size(), previous, "event " + stored.size() + " was removed");
        }
        if (expectedHead != null && expectedAt == null) {
            return broken(stored.size(), stored.size(), previous, "the expected head is not the hash of any event: "
                    + "the events it pinned were removed or rewritten, or it belongs to another history");
        }
        Optional<String> alteration = alteration(aggregateId);
        if (alteration.isPresent()) {
            // The rows verify, yet were changed behind the service's back (and perhaps put back): commands stay refused
            // until an operator acknowledges the change (docs/audit.md), and the verification says why.
            return broken(stored.size(), stored.size(), previous, alteration.get());
        }
        return new Verification(true, stored.size(), stored.isEmpty() ? null : previous, null, null, expectedAt);
    }

    /** The first change made to the aggregate's stored events other than an append (event_store_alterations), if any. */
    private Optional<String> alteration(String aggregateId) {
        return jdbc.sql("""
                        SELECT 'its stored event with global index ' || global_index || ' was '
                               || CASE operation WHEN 'DELETE' THEN 'deleted' ELSE 'altered' END || ' at ' || altered_at
                               || ' by ' || altered_by
                        FROM event_store_alterations WHERE aggregate_identifier = ? ORDER BY altered_at LIMIT 1""")
                   .param(aggregateId).query(String.class).optional();
    }

    /** Every aggregate in the store (chained or not: a missing chain is itself a finding), for verifying everything. */
    public List<String> allAggregates() {
        return jdbc.sql("SELECT DISTINCT aggregate_identifier FROM domain_event_entry ORDER BY aggregate_identifier")
                   .query(String.class).list();
    }

    /**
     * The integrator's events after {@code afterIndex}, in global order, handed to {@code sink} one by one, read in
     * pages of short transactions so a feed of any length neither sits in memory nor holds a connection. Events
     * recorded in the last {@code settle} are left for the next read: global indexes are taken before commit, so a
     * younger transaction can commit a lower index after an older one's higher one, and a cursor that had already
     * moved past it would miss it for good.
     *
     * @return the global index of the last event handed over, or {@code afterIndex} when there was none
     */
    public long feed(String integratorId, long afterIndex, long limit, Duration settle, Consumer<ChainedEvent> sink) {
        long cursor = afterIndex;
        long remaining = limit;
        String settledBefore = java.time.Instant.now().minus(settle).toString();
        while (remaining > 0) {
            long pageSize = Math.min(remaining, FEED_PAGE);
            long from = cursor;
            List<ChainedEvent> page = new ArrayList<>();
            readOnly.executeWithoutResult(status -> streaming.query("""
                    SELECT e.global_index, e.type, e.aggregate_identifier, e.sequence_number, e.event_identifier,
                           e.payload_type, e.payload_revision, e.time_stamp, e.meta_data, e.payload, c.previous_hash,
                           c.hash
                    FROM event_chain c JOIN domain_event_entry e ON e.global_index = c.global_index
                    WHERE c.integrator_id = ? AND c.global_index > ? AND e.time_stamp::timestamptz < ?::timestamptz
                    ORDER BY c.global_index LIMIT ?""",
                    row -> {
                        page.add(new ChainedEvent(StoredEvents.row(row, 0), row.getString("previous_hash"),
                                row.getString("hash")));
                    }, integratorId, from, settledBefore, pageSize));
            page.forEach(sink);
            if (page.isEmpty()) {
                break;
            }
            cursor = page.get(page.size() - 1).event().globalIndex();
            remaining -= page.size();
            if (page.size() < pageSize) {
                break;
            }
        }
        return cursor;
    }

    /** Each sequence's recorded link: previous hash, hash, and the integrator the event is filed under. */
    private Map<Long, String[]> chain(String aggregateId) {
        Map<Long, String[]> chain = new HashMap<>();
        jdbc.sql("SELECT sequence_number, previous_hash, hash, integrator_id FROM event_chain WHERE aggregate_identifier = ?")
            .param(aggregateId)
            .query(row -> {
                chain.put(row.getLong(1), new String[]{row.getString(2), row.getString(3), row.getString(4)});
            });
        return chain;
    }


    private static Verification broken(long sequence, int count, String lastGoodHash, String reason) {
        return new Verification(false, count, lastGoodHash, sequence, reason, null);
    }
}
