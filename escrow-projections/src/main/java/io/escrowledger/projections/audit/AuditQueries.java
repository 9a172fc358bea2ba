package io.escrowledger.projections.audit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** An aggregate's chained history, an integrator's feed, and the verification of a chain against the stored rows. */
@Component
public class AuditQueries {

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
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
    }

    /** One event with its place in the chain. */
    public record ChainedEvent(EventHash.StoredEvent event, String previousHash, String hash) {
    }

    /** The outcome of recomputing a chain: valid, or the first sequence number where it breaks and why. */
    public record Verification(boolean valid, int eventCount, String headHash, Long brokenAtSequence, String reason) {
    }

    /** An aggregate's events in order, each with the hash recorded when it was stored. */
    public List<ChainedEvent> history(String aggregateId) {
        Map<Long, String[]> chain = chain(aggregateId);
        List<ChainedEvent> history = new ArrayList<>();
        for (EventHash.StoredEvent event : events.ofAggregate(aggregateId)) {
            String[] link = chain.get(event.sequence());
            history.add(new ChainedEvent(event, link == null ? null : link[0], link == null ? null : link[1]));
        }
        return history;
    }

    /**
     * Recomputes the chain from the rows as they are now and compares it with the hashes recorded at write time, and
     * with the head hash the auditor knows, if given: an altered, removed or reordered event, or a removed last event,
     * shows as a break.
     */
    public Verification verify(String aggregateId, String expectedHead) {
        List<EventHash.StoredEvent> stored = events.ofAggregate(aggregateId);
        Map<Long, String[]> chain = chain(aggregateId);
        String previous = EventHash.GENESIS;
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
            previous = hash;
        }
        if (chain.size() > stored.size()) {
            return broken(stored.size(), stored.size(), previous, "event " + stored.size() + " was removed");
        }
        if (expectedHead != null && !expectedHead.equals(previous)) {
            return broken(stored.size() - 1, stored.size(), previous, "the head is not the expected one: the last "
                    + "events were removed, or the expected head belongs to another history");
        }
        return new Verification(true, stored.size(), previous, null, null);
    }

    /** The ids of every aggregate with a chain, for a verification of everything. */
    public List<String> chainedAggregates() {
        return jdbc.sql("SELECT DISTINCT aggregate_identifier FROM event_chain ORDER BY aggregate_identifier")
                   .query(String.class).list();
    }

    /**
     * The integrator's events after {@code afterIndex}, in global order, handed to {@code sink} one by one from a
     * database cursor, so a feed of any length is never held in memory.
     */
    public void feed(String integratorId, long afterIndex, long limit, Consumer<ChainedEvent> sink) {
        readOnly.executeWithoutResult(status -> streaming.query("""
                SELECT e.global_index, e.aggregate_identifier, e.sequence_number, e.event_identifier, e.payload_type,
                       e.payload_revision, e.time_stamp, e.meta_data, e.payload, c.previous_hash, c.hash
                FROM event_chain c JOIN domain_event_entry e ON e.global_index = c.global_index
                WHERE c.integrator_id = ? AND c.global_index > ?
                ORDER BY c.global_index LIMIT ?""",
                row -> {
                    sink.accept(new ChainedEvent(StoredEvents.row(row, 0), row.getString("previous_hash"),
                            row.getString("hash")));
                }, integratorId, afterIndex, limit));
    }

    private Map<Long, String[]> chain(String aggregateId) {
        Map<Long, String[]> chain = new HashMap<>();
        jdbc.sql("SELECT sequence_number, previous_hash, hash FROM event_chain WHERE aggregate_identifier = ?")
            .param(aggregateId)
            .query(row -> {
                chain.put(row.getLong(1), new String[]{row.getString(2), row.getString(3)});
            });
        return chain;
    }

    private static Verification broken(long sequence, int count, String lastGoodHash, String reason) {
        return new Verification(false, count, lastGoodHash, sequence, reason);
    }
}
