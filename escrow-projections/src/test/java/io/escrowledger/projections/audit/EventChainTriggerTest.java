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

        assertThatThrownBy(() -> append(2, "{}"))
                .isInstanceOf(UncategorizedSQLException.class)
                .satisfies(refused -> assertThat(((SQLException) refused.getCause()).getSQLState())
                        .isEqualTo("EL001"));
        assertThat(events.ofAggregate(aggregate)).hasSize(2);
    }

    private void append(long sequence, String metaData) {
        jdbc.sql("""
                 INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                     meta_data, payload, payload_revision, payload_type, time_stamp)
                 VALUES (?, ?, 'Escrow', ?, ?, ?, '1', 'io.escrowledger.Example', '2025-01-15T10:00:00Z')""")
            .params(aggregate, sequence, UUID.randomUUID().toString(),
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
