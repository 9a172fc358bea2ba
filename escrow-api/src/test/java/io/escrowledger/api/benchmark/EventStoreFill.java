package io.escrowledger.api.benchmark;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Fills the event store up to a million events for the rebuild timings, without spending half an hour of load on it:
 * the histories of escrows the benchmark's own requests created are copied, each copy under new ids (every UUID in the
 * payload, and so every id the service or the benchmark made, gets a copy suffix), in the stored form the service
 * wrote. Escrows
 * funded from a vault are not copied, since their copies would move money the vault's own history never held. The
 * database's trigger chains the copies like any append (docs/audit.md); they are the benchmark's own, so this
 * database is for the benchmark only.
 */
final class EventStoreFill {

    private EventStoreFill() {
    }

    /** @return how many events were added (0 when the store already holds {@code target}) */
    static long fillTo(JdbcClient jdbc, long target) {
        long before = count(jdbc);
        long stored = before;
        jdbc.sql("DROP TABLE IF EXISTS bench_copy_sources").update();
        jdbc.sql("""
                 CREATE TABLE bench_copy_sources AS
                 SELECT aggregate_identifier FROM domain_event_entry WHERE type = 'Escrow'
                 GROUP BY aggregate_identifier
                 HAVING bool_and(payload_type NOT LIKE '%Vault%') AND min(sequence_number) = 0""").update();
        long perCopy = jdbc.sql("""
                                SELECT count(*) FROM domain_event_entry
                                WHERE aggregate_identifier IN (SELECT aggregate_identifier FROM bench_copy_sources)""")
                           .query(Long.class).single();
        if (perCopy == 0) {
            throw new IllegalStateException("No escrow history to copy");
        }
        for (int copy = 1; stored < target; copy++) {
            long limit = target - stored;
            stored += jdbc.sql("""
                               INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type,
                                   event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp)
                               SELECT regexp_replace(e.aggregate_identifier, '([0-9a-f-]{36})', '\\1' || :suffix),
                                      e.sequence_number, e.type,
                                      gen_random_uuid()::text, e.meta_data,
                                      convert_to(regexp_replace(convert_from(e.payload, 'UTF8'),
                                          '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})',
                                          '\\1' || :suffix, 'g'), 'UTF8'),
                                      e.payload_revision, e.payload_type, e.time_stamp
                               FROM domain_event_entry e
                               WHERE e.aggregate_identifier IN (SELECT aggregate_identifier FROM bench_copy_sources)
                               ORDER BY e.global_index
                               LIMIT :limit""")
                          .param("suffix", "_c" + copy).param("limit", limit)
                          .update();
        }
        jdbc.sql("DROP TABLE bench_copy_sources").update();
        jdbc.sql("ANALYZE domain_event_entry").update();
        return stored - before;
    }

    static long count(JdbcClient jdbc) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
    }
}
