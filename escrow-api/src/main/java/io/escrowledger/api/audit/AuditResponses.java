package io.escrowledger.api.audit;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What auditors read (docs/audit.md): histories with their hash chain, verifications, the feed and audit bundles. */
final class AuditResponses {

    static final String ESCROW_ID_EXAMPLE = "esc_01a1fd71-8fb0-77f8-9808-a85ef68be7fc";
    static final String HASH_EXAMPLE = "3f1c9a0e5b7d2c4f6a8e0b1d3c5f7a9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a";

    private AuditResponses() {
    }

    /** One stored event as auditors see it. */
    @Schema(description = "One stored event as auditors see it, with its place in the hash chain.")
    record AuditedEvent(
            @Schema(description = "The event's position in its escrow's or vault's history (0, 1, 2 ...)")
            long sequence,
            @Schema(description = "The event's place in the whole store") long globalIndex,
            @Schema(description = "The stored event's identifier (a UUID)") String eventId,
            @Schema(description = "The event's stable name (docs/audit.md), however it was stored",
                    example = "DisputeResolvedEvent")
            String type,
            @Schema(nullable = true,
                    description = "The version of the payload's shape (2 for EscrowCreatedEvent and "
                                  + "DisputeOpenedEvent stored since their second shape, 1 otherwise); null when none "
                                  + "was recorded")
            String revision,
            @Schema(description = "When the event was recorded") Instant occurredAt,
            @Schema(nullable = true,
                    description = "The integrator the event was recorded for; null when its metadata names none")
            String integratorId,
            @Schema(nullable = true,
                    description = "The API key (ak_...) of the request that caused it; null when its metadata names "
                                  + "none")
            String apiKeyId,
            @Schema(nullable = true,
                    description = "The X-Request-Id of the request that caused it; null when its metadata names none")
            String requestId,
            @Schema(implementation = Object.class, nullable = true,
                    description = "{actor_id, actor_role} when the request named an actor; null otherwise")
            JsonNode actor,
            @Schema(implementation = Object.class,
                    description = "The event as stored (JSON object; its field names are the event's own, camelCase)")
            JsonNode payload,
            @Schema(nullable = true,
                    description = "The hash of the aggregate's previous event (64 zeros for the first); null when the "
                                  + "event has no recorded link")
            String previousHash,
            @Schema(nullable = true,
                    description = "The event's hash (lowercase hex SHA-256, escrow-ledger-event-hash-v1) as recorded "
                                  + "when it was stored; null when it has no recorded link", example = HASH_EXAMPLE)
            String hash) {
    }

    @Schema(name = "EscrowHistory", description = "An escrow's complete history, its disputes' events included.")
    record History(
            @Schema(example = ESCROW_ID_EXAMPLE) String escrowId,
            @ArraySchema(arraySchema = @Schema(description = "In order")) List<AuditedEvent> events,
            @Schema(nullable = true,
                    description = "The hash of the last event: record it to pin this history; null when there is no "
                                  + "event or the last one has no recorded link", example = HASH_EXAMPLE)
            String chainHead) {
    }

    @Schema(name = "EventFeed", description = "A page of the integrator's events in global order.")
    record Feed(
            List<AuditedEvent> data,
            boolean hasMore,
            @Schema(nullable = true,
                    description = "Pass as after to resume: the global index of the page's last event, or, for an "
                                  + "empty page, the after given (null when none was)", example = "1042")
            String nextCursor) {
    }

    @Schema(name = "EscrowVerification", description = "The escrow's hash chain recomputed from the stored rows and "
                                                        + "compared with the hashes recorded at write time.")
    record VerificationResponse(
            @Schema(example = ESCROW_ID_EXAMPLE) String escrowId,
            @Schema(description = "True when every event matches what was stored (and expected_head, if given, is the "
                                  + "hash of one of them)")
            boolean valid,
            @Schema(description = "The number of events stored now") int eventCount,
            @Schema(nullable = true,
                    description = "When valid, the chain head (null for no events); when not, the hash of the last "
                                  + "event that still verified (64 zeros for none)", example = HASH_EXAMPLE)
            String headHash,
            @Schema(nullable = true, description = "The first sequence that no longer matches; null when valid")
            Long brokenAtSequence,
            @Schema(nullable = true, description = "Why the chain breaks there; null when valid") String reason,
            @Schema(nullable = true,
                    description = "The sequence of the event whose hash is the expected_head given; null without "
                                  + "expected_head, or when the chain is broken")
            Long expectedHeadAtSequence) {
    }

    @Schema(name = "EventStoreVerification", description = "Every aggregate's hash chain in the store, verified.")
    record Everything(
            @Schema(description = "How many aggregates (escrows and vaults) were verified, chained or not")
            int aggregates,
            @Schema(description = "True when no chain is broken") boolean valid,
            @ArraySchema(schema = @Schema(implementation = Object.class,
                            description = "{aggregate_id, broken_at_sequence, reason} of one broken chain"),
                    arraySchema = @Schema(description = "Each broken chain: aggregate_id (string), broken_at_sequence "
                                                        + "(integer, the first event that no longer matches) and "
                                                        + "reason (string)"))
            List<Map<String, Object>> broken) {
    }

    /** One event exactly as stored, for offline verification: the hashed bytes travel as base64. */
    @Schema(description = "One event exactly as stored, with every hashed column; the hashed bytes travel as base64.")
    record BundledEvent(
            @Schema(description = "sequence_number") long sequence,
            long globalIndex,
            @Schema(nullable = true,
                    description = "The aggregate type column (Escrow, Vault); null when the row has none")
            String aggregateType,
            @Schema(description = "aggregate_identifier: the escrow's id") String aggregateId,
            @Schema(description = "event_identifier") String eventId,
            @Schema(description = "The event's stable name (docs/audit.md), however it was stored",
                    example = "EvidenceLockedEvent")
            String type,
            @Schema(description = "payload_type exactly as stored, as hashed: the stable name, or for an event stored "
                                  + "before the stable names, its Java class name of the time",
                    example = "EvidenceLockedEvent")
            String payloadType,
            @Schema(nullable = true, description = "payload_revision; null when absent (hashed as an empty line)")
            String revision,
            @Schema(description = "time_stamp exactly as stored (RFC 3339)") String timeStamp,
            @Schema(nullable = true,
                    description = "The meta_data bytes exactly as stored, base64; null when the row has none (hashed "
                                  + "as length -1)")
            String metaDataBase64,
            @Schema(description = "The payload bytes exactly as stored, base64") String payloadBase64,
            @Schema(nullable = true,
                    description = "The recorded hash of the previous event (64 zeros for the first); null when the "
                                  + "event has no recorded link")
            String previousHash,
            @Schema(nullable = true, description = "The recorded hash; null when the event has no recorded link",
                    example = HASH_EXAMPLE)
            String hash) {
    }

    @Schema(description = "A dispute's sealed evidence, in submission order, and the digest recorded when it was "
                          + "locked.")
    record EvidenceLock(
            @Schema(example = "dsp_01a1fd80-2b3c-7d4e-8f5a-6b7c8d9e0f1a") String disputeId,
            @ArraySchema(arraySchema = @Schema(description = "{evidence_id, content_hash} of each piece of evidence "
                                                             + "submitted before the lock, in order"))
            List<Map<String, String>> evidence,
            @Schema(description = "sha256: and the hex SHA-256 of each evidence_id, a line feed, its content_hash and "
                                  + "a line feed, in order")
            String evidenceDigest) {
    }

    @Schema(name = "AuditBundle", description = "Everything needed to verify an escrow offline with standard tools "
                                                 + "(scripts/verify-audit-bundle).")
    record Bundle(
            @Schema(description = "The bundle format's version", example = "1") int bundleVersion,
            @Schema(example = ESCROW_ID_EXAMPLE) String escrowId,
            Instant generatedAt,
            @Schema(nullable = true,
                    description = "The hash of the last event; null when there is no event or the last one has no "
                                  + "recorded link", example = HASH_EXAMPLE)
            String headHash,
            @ArraySchema(arraySchema = @Schema(description = "In order")) List<BundledEvent> events,
            @ArraySchema(arraySchema = @Schema(description = "One per dispute whose evidence was locked"))
            List<EvidenceLock> evidenceLocks,
            @ArraySchema(schema = @Schema(implementation = Object.class),
                    arraySchema = @Schema(description = "Each recorded recommendation (the RecommendationIssuedEvent "
                                                        + "payload, camelCase) with its engine version, every rule "
                                                        + "that fired, its weight and the facts it read"))
            List<JsonNode> recommendations) {
    }
}
