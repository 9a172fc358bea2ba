package io.escrowledger.projections.audit;

import io.escrowledger.domain.eventtypes.EventTypes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash of one stored event (docs/audit.md, format {@value #FORMAT}): lowercase hex SHA-256 over these lines, each
 * ended by a line feed: the format name, the previous hash of the same aggregate (64 zeros for its first event), the
 * global index, the aggregate type, the aggregate id, the sequence number, the event id, the payload type, the payload
 * revision (empty when none), the stored timestamp, the length of the stored metadata in bytes (-1 when there is
 * none), the metadata bytes, the length of the stored payload, and the payload bytes, exactly as they are in
 * {@code domain_event_entry}. Every column of the row is covered, and the lengths make the boundaries unambiguous:
 * changing, removing, moving or reordering anything breaks the chain from that event on.
 */
public final class EventHash {

    public static final String FORMAT = "escrow-ledger-event-hash-v1";
    public static final String GENESIS = "0".repeat(64);

    private EventHash() {
    }


    /** One stored event, as its row holds it. */
    public record StoredEvent(long globalIndex, String aggregateType, String aggregateId, long sequence, String eventId,
                              String payloadType, String payloadRevision, String timestamp, byte[] metaData,
                              byte[] payload) {

        private static final JsonMapper METADATA = JsonMapper.builder().build();

        /** The event's stable name ({@code DisputeOpenedEvent}), however its type was stored. */
        public String typeName() {
            return EventTypes.displayName(payloadType);
        }

        /** The integrator the event was recorded for, from its metadata (null when it names none). */
        public String integratorId() {
            if (metaData == null) {
                return null;
            }
            JsonNode integrator = METADATA.readTree(metaData).get("integrator_id");
            return integrator == null ? null : integrator.asString();
        }
    }

    public static String of(String previousHash, StoredEvent event) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        line(text, FORMAT);
        line(text, previousHash);
        line(text, Long.toString(event.globalIndex()));
        line(text, event.aggregateType() == null ? "" : event.aggregateType());
        line(text, event.aggregateId());
        line(text, Long.toString(event.sequence()));
        line(text, event.eventId());
        line(text, event.payloadType());
        line(text, event.payloadRevision() == null ? "" : event.payloadRevision());
        line(text, event.timestamp());
        line(text, event.metaData() == null ? "-1" : Integer.toString(event.metaData().length));
        if (event.metaData() != null) {
            text.writeBytes(event.metaData());
        }
        text.write('\n');
        line(text, Integer.toString(event.payload().length));
        text.writeBytes(event.payload());
        text.write('\n');
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void line(ByteArrayOutputStream text, String value) {
        text.writeBytes((value + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
