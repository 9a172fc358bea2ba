package io.escrowledger.projections.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash of one stored event (docs/audit.md): lowercase hex SHA-256 over, joined by line feeds, the previous hash of
 * the same aggregate (64 zeros for its first event), the aggregate id, the sequence number, the payload type, the
 * payload revision (empty when none), the stored timestamp, then the stored metadata bytes and the stored payload
 * bytes exactly as they are in {@code domain_event_entry}. Changing, removing or reordering any of them breaks the
 * chain from that event on.
 */
public final class EventHash {

    public static final String GENESIS = "0".repeat(64);

    private EventHash() {
    }

    /** One stored event, as its row holds it. */
    public record StoredEvent(long globalIndex, String aggregateId, long sequence, String eventId, String payloadType,
                              String payloadRevision, String timestamp, byte[] metaData, byte[] payload) {
    }

    public static String of(String previousHash, StoredEvent event) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        String header = String.join("\n", previousHash, event.aggregateId(), Long.toString(event.sequence()),
                event.payloadType(), event.payloadRevision() == null ? "" : event.payloadRevision(), event.timestamp())
                        + "\n";
        text.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        text.writeBytes(event.metaData() == null ? new byte[0] : event.metaData());
        text.write('\n');
        text.writeBytes(event.payload());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
