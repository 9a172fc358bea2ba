package io.escrowledger.projections.audit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Reads event rows exactly as stored, for hashing and for auditors. */
@Component
public record StoredEvents(JdbcClient jdbc) {

    private static final String COLUMNS = """
            global_index, type, aggregate_identifier, sequence_number, event_identifier, payload_type,
            payload_revision, time_stamp, meta_data, payload""";

    /** An aggregate's events in sequence order, as stored now (tampered or not). */
    public List<EventHash.StoredEvent> ofAggregate(String aggregateId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "ORDER BY sequence_number")
                   .param(aggregateId)
                   .query(StoredEvents::row)
                   .list();
    }

    static EventHash.StoredEvent row(ResultSet row, int rowNumber) throws SQLException {
        return new EventHash.StoredEvent(row.getLong("global_index"), row.getString("type"),
                row.getString("aggregate_identifier"),
                row.getLong("sequence_number"), row.getString("event_identifier"), row.getString("payload_type"),
                row.getString("payload_revision"), row.getString("time_stamp"), row.getBytes("meta_data"),
                row.getBytes("payload"));
    }
}
