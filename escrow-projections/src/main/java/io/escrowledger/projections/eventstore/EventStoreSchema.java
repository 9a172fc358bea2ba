package io.escrowledger.projections.eventstore;

import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

/**
 * Tells Axon the snake_case table and column names that the Flyway migration V1__event_store.sql creates, so that
 * analysts and auditors read {@code domain_event_entry.aggregate_identifier}, not {@code domainevententry.aggregateidentifier}.
 */
public final class EventStoreSchema {

    public static final String EVENT_TABLE = "domain_event_entry";

    private EventStoreSchema() {
    }

    public static EventSchema events() {
        return EventSchema.builder()
                          .eventTable(EVENT_TABLE)
                          .snapshotTable("snapshot_event_entry")
                          .globalIndexColumn("global_index")
                          .timestampColumn("time_stamp")
                          .eventIdentifierColumn("event_identifier")
                          .aggregateIdentifierColumn("aggregate_identifier")
                          .sequenceNumberColumn("sequence_number")
                          .typeColumn("type")
                          .payloadTypeColumn("payload_type")
                          .payloadRevisionColumn("payload_revision")
                          .payloadColumn("payload")
                          .metaDataColumn("meta_data")
                          .build();
    }

    public static TokenSchema tokens() {
        return TokenSchema.builder()
                          .setTokenTable("token_entry")
                          .setProcessorNameColumn("processor_name")
                          .setSegmentColumn("segment")
                          .setTokenColumn("token")
                          .setTokenTypeColumn("token_type")
                          .setTimestampColumn("time_stamp")
                          .setOwnerColumn("owner")
                          .build();
    }
}
