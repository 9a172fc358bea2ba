package io.escrowledger.api.audit;

import io.escrowledger.api.audit.AuditResponses.AuditedEvent;
import io.escrowledger.api.audit.AuditResponses.Bundle;
import io.escrowledger.api.audit.AuditResponses.BundledEvent;
import io.escrowledger.api.audit.AuditResponses.Everything;
import io.escrowledger.api.audit.AuditResponses.EvidenceLock;
import io.escrowledger.api.audit.AuditResponses.Feed;
import io.escrowledger.api.audit.AuditResponses.History;
import io.escrowledger.api.audit.AuditResponses.VerificationResponse;
import io.escrowledger.api.web.Ids;
import io.escrowledger.api.web.RequestContext;
import io.escrowledger.api.web.Validator;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.EvidenceSubmittedEvent;
import io.escrowledger.domain.escrow.event.RecommendationIssuedEvent;
import io.escrowledger.domain.eventtypes.EventTypes;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import io.escrowledger.projections.audit.AuditQueries;
import io.escrowledger.projections.escrow.EscrowQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.escrowledger.api.audit.AuditResponses.HASH_EXAMPLE;

/**
 * What auditors read: an escrow's complete history (its disputes' events included) with the hash chain that makes it
 * tamper-evident, the chain's verification, and an integrator's whole event feed for export. See docs/audit.md.
 */
@Tag(name = "Audit", description = "Escrow histories with their tamper-evident hash chain, chain verification, "
                                    + "offline audit bundles and the event feed.")
@RestController
public class AuditController {

    static final String NDJSON = "application/x-ndjson";
    private static final String FEED_AFTER = "Resume after this global index: the next_cursor of the previous page, "
                                             + "or the global_index of the last line received; from the start when "
                                             + "left out";
    private static final String FEED_LIMIT = "At most this many events: 1 to 1000 for a JSON page (default 100), 1 to "
                                             + "1000000 for the JSON Lines stream (default: to the end of the store)";
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final AuditQueries audit;
    private final EscrowQueries escrows;
    private final JsonMapper json;
    private final Duration feedSettle;

    public AuditController(AuditQueries audit, EscrowQueries escrows, JsonMapper json,
                           @Value("${escrow.audit.feed-settle:5s}") Duration feedSettle) {
        this.audit = audit;
        this.escrows = escrows;
        this.json = json;
        this.feedSettle = feedSettle;
    }

    @Operation(operationId = "getEscrowEvents", summary = "An escrow's history",
            description = "The escrow's events in order, its disputes' included, each with its hash and the previous "
                          + "event's, and the chain head. Read from the event store, not a read model.")
    @GetMapping("/v1/escrows/{escrowId}/events")
    History history(@PathVariable String escrowId,
                    RequestContext context) {
        requireOwn(context, escrowId);
        List<AuditedEvent> events = audit.history(escrowId).stream().map(this::audited).toList();
        return new History(escrowId, events, events.isEmpty() ? null : events.get(events.size() - 1).hash());
    }

    @Operation(operationId = "verifyEscrow", summary = "Verify an escrow's hash chain",
            description = "Recomputes the chain from the stored rows, in one consistent snapshot, and compares it "
                          + "with the hashes recorded at write time. With expected_head, a head you recorded earlier "
                          + "must be the hash of one of the events, or the history it pinned was cut or rewritten.")
    @GetMapping("/v1/escrows/{escrowId}/verification")
    VerificationResponse verify(@PathVariable String escrowId,
                                @Parameter(description = "A chain head you recorded earlier: 64 lowercase hex digits",
                                           example = HASH_EXAMPLE)
                                @RequestParam(name = "expected_head", required = false) String expectedHead,
                                RequestContext context) {
        requireOwn(context, escrowId);
        if (expectedHead != null && !HASH.matcher(expectedHead).matches()) {
            Validator check = new Validator();
            check.reject("expected_head", "must be 64 lowercase hex digits");
            check.throwIfInvalid();
        }
        AuditQueries.Verification result = audit.verify(escrowId, expectedHead);
        return new VerificationResponse(escrowId, result.valid(), result.eventCount(), result.headHash(),
                result.brokenAtSequence(), result.reason(), result.expectedHeadAtSequence());
    }

    /** The integrator's events in global order after the cursor ({@code next_cursor} of the previous page). */
    @Operation(operationId = "listEvents", summary = "The integrator's event feed",
            description = "All of your events (escrows and vaults) in global order after the cursor, for export: a "
                          + "JSON page (Accept: application/json), or, with Accept: application/x-ndjson, the same "
                          + "feed streamed as JSON Lines, one AuditedEvent per line, to the end of the store unless "
                          + "limited. The feed trails the store by a few seconds, so a resumed cursor never skips an "
                          + "event.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true,
            description = "application/json: a page of events; application/x-ndjson: one AuditedEvent per line")
    @GetMapping(path = "/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
    Feed feed(@Parameter(description = FEED_AFTER) @RequestParam(required = false) String after,
              @Parameter(description = FEED_LIMIT, example = "100") @RequestParam(required = false) Integer limit,
              RequestContext context) {
        long afterIndex = cursor(after, limit, 1000);
        long pageSize = limit == null ? 100 : limit;
        List<AuditedEvent> data = new ArrayList<>();
        audit.feed(context.integratorId(), afterIndex, pageSize + 1, feedSettle,
                event -> data.add(audited(event)));
        boolean hasMore = data.size() > pageSize;
        List<AuditedEvent> page = hasMore ? data.subList(0, (int) pageSize) : data;
        String next = page.isEmpty() ? after : String.valueOf(page.get(page.size() - 1).globalIndex());
        return new Feed(page, hasMore, next);
    }

    /**
     * The same feed as JSON Lines, one event a line, streamed from a database cursor: an export of any length is
     * never held in memory. Without {@code limit} it runs to the end of the store.
     */
    @Operation(operationId = "streamEvents", summary = "The integrator's event feed as JSON Lines",
            description = "The feed of listEvents streamed as JSON Lines (Accept: application/x-ndjson), one "
                          + "AuditedEvent per line, from a database cursor: an export of any length, to the end of the "
                          + "store unless limited. Resume after the last line's global_index.")
    @ApiResponse(responseCode = "200",
            description = "application/json: a page of events; application/x-ndjson: one AuditedEvent per line",
            content = @Content(mediaType = NDJSON, schema = @Schema(implementation = AuditedEvent.class)))
    @GetMapping(path = "/v1/events", produces = NDJSON)
    ResponseEntity<StreamingResponseBody> feedLines(@Parameter(description = FEED_AFTER)
                                                    @RequestParam(required = false) String after,
                                                    @Parameter(description = FEED_LIMIT, example = "100")
                                                    @RequestParam(required = false) Integer limit,
                                                    RequestContext context) {
        long afterIndex = cursor(after, limit, 1_000_000);
        long pageSize = limit == null ? Long.MAX_VALUE : limit;
        String integratorId = context.integratorId();
        StreamingResponseBody body = out -> audit.feed(integratorId, afterIndex, pageSize, feedSettle,
                event -> writeLine(out, event));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(NDJSON)).body(body);
    }

    private static long cursor(String after, Integer limit, int maxLimit) {
        Validator check = new Validator();
        long afterIndex = 0;
        if (after != null) {
            try {
                afterIndex = Long.parseLong(after);
            } catch (NumberFormatException e) {
                check.reject("after", "must be a next_cursor value from a previous page");
            }
        }
        if (limit != null && (limit < 1 || limit > maxLimit)) {
            check.reject("limit", "must be from 1 to " + maxLimit);
        }
        check.throwIfInvalid();
        return afterIndex;
    }

    /**
     * Everything an auditor needs to check an escrow offline with standard tools (scripts/verify-audit-bundle): its
     * events as stored with their hashes, the evidence each lock sealed with its digest, and each recommendation
     * with the rules and facts it was computed from.
     */
    @Operation(operationId = "getAuditBundle", summary = "An escrow's audit bundle",
            description = "One document to check an escrow offline with jq, base64 and sha256sum: its events "
                          + "exactly as stored with their hashes, the evidence each lock sealed with its digest, and "
                          + "each recommendation with the rules and facts it was computed from.")
    @GetMapping("/v1/escrows/{escrowId}/audit-bundle")
    Bundle bundle(@PathVariable String escrowId,
                  RequestContext context) {
        requireOwn(context, escrowId);
        List<AuditQueries.ChainedEvent> history = audit.history(escrowId);
        List<BundledEvent> events = new ArrayList<>();
        List<EvidenceLock> locks = new ArrayList<>();
        List<JsonNode> recommendations = new ArrayList<>();
        Map<String, List<Map<String, String>>> evidence = new java.util.LinkedHashMap<>();
        Base64.Encoder base64 = Base64.getEncoder();
        for (AuditQueries.ChainedEvent chained : history) {
            var event = chained.event();
            String type = event.typeName();
            events.add(new BundledEvent(event.sequence(), event.globalIndex(), event.aggregateType(), event.aggregateId(),
                    event.eventId(), type, event.payloadType(), event.payloadRevision(), event.timestamp(),
                    event.metaData() == null ? null : base64.encodeToString(event.metaData()),
                    base64.encodeToString(event.payload()), chained.previousHash(), chained.hash()));
            JsonNode payload = json.readTree(new String(event.payload(), StandardCharsets.UTF_8));
            if (type.equals(EventTypes.name(EvidenceSubmittedEvent.class))) {
                evidence.computeIfAbsent(payload.get("disputeId").asString(), id -> new ArrayList<>())
                        .add(Map.of("evidence_id", payload.get("evidenceId").asString(),
                                "content_hash", payload.at("/reference/contentHash").asString()));
            } else if (type.equals(EventTypes.name(EvidenceLockedEvent.class))) {
                locks.add(new EvidenceLock(payload.get("disputeId").asString(),
                        evidence.getOrDefault(payload.get("disputeId").asString(), List.of()),
                        payload.get("evidenceDigest").asString()));
            } else if (type.equals(EventTypes.name(RecommendationIssuedEvent.class))) {
                recommendations.add(payload);
            }
        }
        return new Bundle(1, escrowId, Instant.now(), events.isEmpty() ? null : events.get(events.size() - 1).hash(),
                events, locks, recommendations);
    }

    /** Operators: verify every chain in the store and report what breaks. */
    @Operation(operationId = "verifyAllChains", summary = "Verify every hash chain",
            description = "Operators: verifies the chain of every aggregate in the store, chained or not, and lists "
                          + "the broken ones.")
    @GetMapping("/admin/v1/audit/verification")
    Everything verifyEverything() {
        List<Map<String, Object>> broken = new ArrayList<>();
        List<String> aggregates = audit.allAggregates();
        for (String aggregate : aggregates) {
            AuditQueries.Verification result = audit.verify(aggregate, null);
            if (!result.valid()) {
                broken.add(Map.of("aggregate_id", aggregate, "broken_at_sequence", result.brokenAtSequence(),
                        "reason", result.reason()));
            }
        }
        return new Everything(aggregates.size(), broken.isEmpty(), broken);
    }

    private void writeLine(OutputStream out, AuditQueries.ChainedEvent event) {
        try {
            out.write(json.writeValueAsBytes(audited(event)));
            out.write('\n');
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private AuditedEvent audited(AuditQueries.ChainedEvent chained) {
        var event = chained.event();
        JsonNode metadata = event.metaData() == null ? json.createObjectNode()
                : json.readTree(new String(event.metaData(), StandardCharsets.UTF_8));
        JsonNode actor = metadata.has("actor_id")
                ? json.valueToTree(Map.of("actor_id", metadata.get("actor_id").asString(),
                        "actor_role", metadata.path("actor_role").asString()))
                : null;
        String type = event.typeName();
        return new AuditedEvent(event.sequence(), event.globalIndex(), event.eventId(), type, event.payloadRevision(),
                Instant.parse(event.timestamp()), text(metadata, "integrator_id"), text(metadata, "api_key_id"),
                text(metadata, "request_id"), actor, json.readTree(new String(event.payload(), StandardCharsets.UTF_8)),
                chained.previousHash(), chained.hash());
    }

    private static String text(JsonNode metadata, String field) {
        return metadata.has(field) ? metadata.get(field).asString() : null;
    }

    private void requireOwn(RequestContext context, String escrowId) {
        if (!Ids.ESCROW.isWellFormed(escrowId)
            || !escrows.exists(context.integratorId(), escrowId)) {
            throw new DomainException(ErrorCode.ESCROW_NOT_FOUND, "No escrow " + escrowId);
        }
    }
}
