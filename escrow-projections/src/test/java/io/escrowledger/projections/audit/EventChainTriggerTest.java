package io.escrowledger.projections.audit;

import io.escrowledger.projections.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database chains each event as it is appended (V14): its hash is exactly what EventHash, the verifier's code,
 * computes from the stored row, so a history chained by the database verifies; and an append after a missing link is
 * refused.
 */
class EventChainTriggerTest {

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.shared().migratedDataSource());
    private final StoredEvents events = new StoredEvents(jdbc);
    private final String aggregate = "esc_" + UUID.randomUUID();

    @Test
    void eachAppendedEventIsChainedAsTheVerifierHashesIt() {
        append(0, "{\"integrator_id\":\"int_1\",\"request_id\":\"req_é\"}");
        append(1, null);
        append(2, "{}");

        String previous = EventHash.GENESIS;
        List<EventHash.StoredEvent> stored = events.ofAggregate(aggregate);
        for (EventHash.StoredEvent event : stored) {
            String expected = EventHash.of(previous, event);
            assertThat(link(event.sequence())).containsExactly(previous, expected);
            previous = expected;
        }
        assertThat(stored).hasSize(3);
        assertThat(jdbc.sql("SELECT integrator_id FROM event_chain WHERE aggregate_identifier = ? "
                            + "ORDER BY sequence_number").param(aggregate).query(String.class).list())
                .containsExactly("int_1", null, null);
    }

    @Test
    void anAppendAfterAMissingLinkIsRefused() {
        append(0, "{}");
        append(1, "{}");
        jdbc.sql("DELETE FROM event_chain WHERE aggregate_identifier = ? AND sequence_number = 1").param(aggregate)
            .update();

        expectRefused(() -> append(2, "{}"));
    }

    @Test
    void anAppendAfterTheEventBeforeItWasAlteredIsRefused() {
        append(0, "{}");
        append(1, "{}");
        jdbc.sql("UPDATE domain_event_entry SET meta_data = NULL WHERE aggregate_identifier = ? AND sequence_number = 1")
            .param(aggregate).update();

        expectRefused(() -> append(2, "{}"));
    }

    @Test
    void anAppendAfterAnEventWasDeletedAndTheRestRenumberedIsRefused() {
        append(0, "{}");
        append(1, "{}");
        append(2, "{}");
        jdbc.sql("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 1")
            .param(aggregate).update();
        jdbc.sql("UPDATE domain_event_entry SET sequence_number = 1 WHERE aggregate_identifier = ? "
                 + "AND sequence_number = 2").param(aggregate).update();

        expectRefused(() -> append(2, "{}"));
    }

    @Test
    void anAppendToAnAggregateThatGainedAnotherOnesEventIsRefused() {
        String other = "esc_" + UUID.randomUUID();
        append(0, "{}");
        append(1, "{}");
        jdbc.sql("UPDATE domain_event_entry SET aggregate_identifier = ?, sequence_number = 0 "
                 + "WHERE aggregate_identifier = ? AND sequence_number = 1").params(other, aggregate).update();

        expectRefused(() -> appendTo(other, 1));
    }

    @Test
    void anEventAlteredOrDeletedBySqlMarksItsHistoryAsDamagedWhereverItIs() {
        String other = "esc_" + UUID.randomUUID();
        for (int sequence = 0; sequence < 3; sequence++) {
            append(sequence, "{}");
            appendTo(other, sequence);
        }
        assertThat(fault(aggregate, 0)).isNull();

        jdbc.sql("UPDATE domain_event_entry SET meta_data = NULL WHERE aggregate_identifier = ? AND sequence_number = 0")
            .param(aggregate).update();
        jdbc.sql("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0")
            .param(other).update();

        assertThat(fault(aggregate, 2)).as("even before the part a command loads").contains("was altered at");
        assertThat(fault(other, 2)).contains("was deleted at");
    }

    /** The same damage done with the triggers disabled (its record deleted here) is found in the part checked. */
    @Test
    void theChainCheckFindsDamageDoneBehindTheTriggersFromWhereItIsAsked() {
        for (int sequence = 0; sequence < 5; sequence++) {
            append(sequence, "{}");
        }

        tamper("UPDATE domain_event_entry SET meta_data = NULL WHERE aggregate_identifier = ? AND sequence_number = 1");
        assertThat(fault(aggregate, 0)).isEqualTo("event 1 differs from what was stored");
        assertThat(fault(aggregate, 2)).as("a command that loads from a later snapshot reads no further back").isNull();

        tamper("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 3");
        assertThat(fault(aggregate, 2)).isEqualTo("event 3 is missing");
        tamper("UPDATE domain_event_entry SET sequence_number = 3 WHERE aggregate_identifier = ? AND sequence_number = 4");
        assertThat(fault(aggregate, 2)).isEqualTo("event 3 was moved or renumbered");
        tamper("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 3");
        assertThat(fault(aggregate, 2)).isEqualTo("event 3 was removed");
    }

    private void tamper(String sql) {
        jdbc.sql(sql).param(aggregate).update();
        jdbc.sql("DELETE FROM event_store_alterations WHERE aggregate_identifier = ?").param(aggregate).update();
    }

    private String fault(String aggregateId, long first) {
        return jdbc.sql("SELECT chain_fault(?, ?)").params(aggregateId, first).query(String.class).optional()
                   .orElse(null);
    }

    private void expectRefused(Runnable append) {
        long before = jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
        assertThatThrownBy(append::run)
                .isInstanceOf(UncategorizedSQLException.class)
                .satisfies(refused -> assertThat(((SQLException) refused.getCause()).getSQLState())
                        .isEqualTo(BrokenChainException.SQL_STATE));
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single()).isEqualTo(before);
    }

    private void append(long sequence, String metaData) {
        appendTo(aggregate, sequence, metaData);
    }

    private void appendTo(String aggregateId, long sequence) {
        appendTo(aggregateId, sequence, "{}");
    }

    private void appendTo(String aggregateId, long sequence, String metaData) {
        jdbc.sql("""
                 INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                     meta_data, payload, payload_revision, payload_type, time_stamp)
                 VALUES (?, ?, 'Escrow', ?, ?, ?, '1', 'io.escrowledger.Example', '2025-01-15T10:00:00Z')""")
            .params(aggregateId, sequence, UUID.randomUUID().toString(),
                    metaData == null ? null : metaData.getBytes(StandardCharsets.UTF_8),
                    ("{\"n\":" + sequence + ",\"text\":\"ünïcode\"}").getBytes(StandardCharsets.UTF_8))
            .update();
    }

    private List<String> link(long sequence) {
        return jdbc.sql("SELECT previous_hash, hash FROM event_chain WHERE aggregate_identifier = ? "
                        + "AND sequence_number = ?")
                   .params(aggregate, sequence)
                   .query((row, n) -> List.of(row.getString(1), row.getString(2)))
                   .single();
    }
}
