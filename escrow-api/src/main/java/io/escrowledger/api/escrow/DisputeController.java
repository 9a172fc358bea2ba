package io.escrowledger.api.escrow;

import io.escrowledger.projections.replay.PastViews;
import io.escrowledger.api.command.CommandDispatcher;
import io.escrowledger.api.testclock.TestClocks;
import io.escrowledger.api.web.Cursors;
import io.escrowledger.api.web.Ids;
import io.escrowledger.api.web.ListParameters;
import io.escrowledger.api.web.MetadataRequest;
import io.escrowledger.api.web.RequestContext;
import io.escrowledger.api.web.Validator;
import io.escrowledger.domain.escrow.command.DecideDisputeCommand;
import io.escrowledger.domain.escrow.command.IssueRecommendationCommand;
import io.escrowledger.domain.escrow.command.LockEvidenceCommand;
import io.escrowledger.domain.escrow.command.OpenDisputeCommand;
import io.escrowledger.domain.escrow.command.SubmitEvidenceCommand;
import io.escrowledger.domain.escrow.recommendation.Recommendation;
import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.ExternalReference;
import io.escrowledger.domain.escrow.value.PayoutBreakdown;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import io.escrowledger.projections.dispute.DisputeFilter;
import io.escrowledger.projections.dispute.DisputePage;
import io.escrowledger.projections.dispute.DisputeQueries;
import io.escrowledger.projections.dispute.DisputeQueries.DisputedEscrow;
import io.escrowledger.domain.escrow.command.UpdateDisputeMetadataCommand;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.DisputeState;
import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.enums.ParameterStyle;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Steps 4 to 7 of the quick-start guide: open a dispute, submit and lock evidence, get the recommendation, apply a
 * decision. A dispute lives in its escrow's event stream, so every command here is addressed to the escrow.
 */
@RestController
@Tag(name = "Disputes", description = "Open a dispute on an escrow, submit and lock evidence, get the engine's "
                                      + "recommendation and apply the decision that pays out what is held.")
public record DisputeController(CommandDispatcher commands, DisputeQueries disputes, PastViews pastViews,
                                EvidenceWindows evidenceWindows, Cursors cursors, TestClocks testClocks, Clock clock) {

    @Operation(operationId = "openDispute", summary = "Open a dispute",
            description = "A party (client or contractor) disputes the escrow. Allowed while money is held (FUNDED or "
                          + "DELIVERED) and before `expires_at`, one dispute per escrow; the escrow becomes DISPUTED "
                          + "and its releases, deliverables and condition steps wait for the decision. The dispute "
                          + "takes evidence until `evidence_due_by` (the integrator's evidence window from now, 7 "
                          + "days unless configured otherwise), when its evidence is locked by itself.")
    @ApiResponse(responseCode = "201", description = "The dispute was opened", useReturnTypeSchema = true,
            headers = @Header(name = "Location", description = "The dispute's URL, `/v1/disputes/{id}`",
                    schema = @Schema(type = "string")))
    @PostMapping("/v1/escrows/{escrowId}/dispute")
    ResponseEntity<DisputeResponses.DisputeResponse> open(
            @PathVariable String escrowId,
            @RequestBody DisputeRequests.OpenDispute request,
            RequestContext context) {
        if (!Ids.ESCROW.isWellFormed(escrowId)) {
            throw new DomainException(ErrorCode.ESCROW_NOT_FOUND, "No escrow " + escrowId);
        }
        Validator check = new Validator();
        check.present("reason_code", request.reasonCode());
        Actor openedBy = DisputeRequests.actor(check, "opened_by", request.openedBy());
        String statement = request.statement() == null ? null : check.text("statement", request.statement(), 1, 2000);
        Map<String, String> metadata = check.metadata("metadata", request.metadata());
        check.throwIfInvalid();
        String disputeId = Ids.DISPUTE.next(clock);
        Instant now = testClocks.now(context, escrowId);
        commands.send(new OpenDisputeCommand(escrowId, context.integratorId(), disputeId, request.reasonCode(),
                statement, openedBy, now, evidenceWindows.dueBy(context.integratorId(), now), metadata), context,
                openedBy);
        return ResponseEntity.created(URI.create("/v1/disputes/" + disputeId)).body(read(context, disputeId));
    }

    /** The dispute now, or as it was at {@code as_of}, computed from its escrow's events up to that instant. */
    @Operation(operationId = "getDispute", summary = "Get a dispute",
            description = "The dispute with its evidence and, once resolved, its decision; with `as_of`, as it was at "
                          + "that instant, computed from its escrow's whole commands recorded by then (never part of "
                          + "one).")
    @GetMapping("/v1/disputes/{disputeId}")
    DisputeResponses.DisputeResponse get(@PathVariable String disputeId,
                                         @Parameter(description = "An RFC 3339 date-time with an offset: answer the "
                                                                  + "dispute as it was then (404 before it existed).",
                                                 example = "2025-01-21T09:00:00Z",
                                                 schema = @Schema(type = "string", format = "date-time"))
                                         @RequestParam(name = "as_of", required = false) String asOf,
                                         RequestContext context) {
        if (asOf == null) {
            return read(context, disputeId);
        }
        Instant at = Validator.requiredTime("as_of", asOf);
        String escrowId = escrowOf(context, disputeId).escrowId();
        return DisputeResponses.DisputeResponse.of(pastViews.dispute(context.integratorId(), escrowId, disputeId, at)
                                                            .orElseThrow(() -> disputeNotFound(disputeId)));
    }

    @Operation(operationId = "submitEvidence", summary = "Submit evidence",
            description = "A party (client or contractor) adds a reference to a piece of evidence, with the hash of "
                          + "its content. Refused once the evidence is locked, and from `evidence_due_by` on.")
    @ApiResponse(responseCode = "201", description = "The evidence was recorded", useReturnTypeSchema = true)
    @PostMapping("/v1/disputes/{disputeId}/evidence")
    ResponseEntity<DisputeResponses.EvidenceResponse> submitEvidence(
            @PathVariable String disputeId,
            @RequestBody DisputeRequests.SubmitEvidence request,
            RequestContext context) {
        DisputedEscrow escrow = escrowOf(context, disputeId);
        Validator check = new Validator();
        Actor submittedBy = DisputeRequests.actor(check, "submitted_by", request.submittedBy());
        ExternalReference reference = EscrowRequestValidator.reference(check, request.reference());
        check.throwIfInvalid();
        String evidenceId = Ids.EVIDENCE.next(clock);
        commands.send(new SubmitEvidenceCommand(escrow.escrowId(), context.integratorId(), disputeId, evidenceId,
                submittedBy, reference, now(escrow)), context, submittedBy);
        return ResponseEntity.status(201).body(read(context, disputeId).evidence().stream()
                                                                        .filter(e -> e.id().equals(evidenceId))
                                                                        .findFirst().orElseThrow());
    }

    @Operation(operationId = "listDisputes", summary = "List disputes",
            description = "Your disputes, newest first (by their time-ordered id, which never changes: paging while "
                          + "disputes are opened lists every dispute that existed when paging began exactly once). "
                          + "Every filter given must match: `state` and `reason` (each comma-separated: any of "
                          + "them), `due_before` (evidence due before that instant; disputes without an "
                          + "evidence deadline never match), `escrow_id`, and `metadata[key]=value` (several: all "
                          + "of them). An unknown parameter is refused. Page with `limit` and `next_cursor`.")
    @Parameter(name = "state", in = ParameterIn.QUERY, explode = Explode.FALSE, description = "Only disputes in one "
            + "of these states, comma-separated: `state=OPEN,EVIDENCE_LOCKED`.",
            array = @ArraySchema(schema = @Schema(implementation = DisputeState.class)))
    @Parameter(name = "reason", in = ParameterIn.QUERY, explode = Explode.FALSE, description = "Only disputes opened "
            + "for one of these reasons, comma-separated.",
            array = @ArraySchema(schema = @Schema(implementation = DisputeReason.class)))
    @Parameter(name = "metadata", in = ParameterIn.QUERY, style = ParameterStyle.DEEPOBJECT, explode = Explode.TRUE,
            description = "`metadata[key]=value`: only disputes whose metadata has that pair; several must all "
                          + "match.",
            schema = @Schema(type = "object", additionalPropertiesSchema = String.class,
                    example = "{\"ticket\": \"SUP-1234\"}"))
    @GetMapping("/v1/disputes")
    DisputeResponses.DisputeList list(
            @Parameter(description = "Only disputes whose evidence is due before this RFC 3339 date-time.",
                    example = "2025-02-01T00:00:00Z", schema = @Schema(type = "string", format = "date-time"))
            @RequestParam(name = "due_before", required = false) String dueBefore,
            @Parameter(description = "Only the dispute of this escrow.",
                    example = "esc_01a1fd7e-8fb0-77f8-9808-a85ef68be7fc")
            @RequestParam(name = "escrow_id", required = false) String escrowId,
            @Parameter(description = "Page size, 1 to 200; 50 when absent.")
            @RequestParam(required = false) Integer limit,
            @Parameter(description = "The `next_cursor` of the previous page of this same list (same filters); "
                                     + "opaque.")
            @RequestParam(required = false) String cursor,
            RequestContext context, HttpServletRequest http) {
        Validator check = new Validator();
        ListParameters parameters = new ListParameters(check, http, ListFilters.DISPUTE_PARAMETERS);
        int pageSize = check.pageSize(limit);
        DisputeFilter filter = new DisputeFilter(parameters.names("state", DisputeState.class),
                parameters.names("reason", DisputeReason.class), check.time("due_before", dueBefore, false),
                check.id("escrow_id", escrowId, Ids.ESCROW, "an escrow id"), parameters.metadata(),
                cursors.position(check, http, cursor, Ids.DISPUTE::isWellFormed));
        check.throwIfInvalid();
        DisputePage page = disputes.list(context.integratorId(), filter, pageSize);
        List<DisputeResponses.DisputeResponse> data = page.disputes().stream()
                                                          .map(DisputeResponses.DisputeResponse::of).toList();
        return new DisputeResponses.DisputeList(data, page.hasMore(),
                cursors.next(http, page.hasMore(), data, DisputeResponses.DisputeResponse::id));
    }

    @Operation(operationId = "updateDisputeMetadata", summary = "Update a dispute's metadata",
            description = "Changes the dispute's metadata, whatever its state: each key named is set to its value, "
                          + "an empty value removes the key, keys not named keep theirs (at most 50 after the "
                          + "change). A change that changes nothing records nothing. Answers the dispute.")
    @PostMapping("/v1/disputes/{disputeId}/metadata")
    DisputeResponses.DisputeResponse updateMetadata(@PathVariable String disputeId,
                                                    @RequestBody MetadataRequest request, RequestContext context) {
        DisputedEscrow escrow = escrowOf(context, disputeId);
        commands.send(new UpdateDisputeMetadataCommand(escrow.escrowId(), context.integratorId(), disputeId,
                request.changes(), now(escrow)), context);
        return read(context, disputeId);
    }

    @Operation(operationId = "lockEvidence", summary = "Lock the evidence",
            description = "Seals the evidence: the dispute becomes EVIDENCE_LOCKED and shows `evidence_digest`, the "
                          + "SHA-256 over each evidence's id and content hash in submission order. Needed before the "
                          + "recommendation and the decision. Answers the dispute.")
    @PostMapping("/v1/disputes/{disputeId}/lock")
    DisputeResponses.DisputeResponse lock(@PathVariable String disputeId, RequestContext context) {
        DisputedEscrow escrow = escrowOf(context, disputeId);
        commands.send(new LockEvidenceCommand(escrow.escrowId(), context.integratorId(), disputeId,
                now(escrow)), context);
        return read(context, disputeId);
    }

    /** Computed and recorded on the first call (after the lock); every later call answers the recorded one. */
    @Operation(operationId = "getRecommendation", summary = "Get the recommendation",
            description = "The engine's recommended outcome with every rule that fired "
                          + "(docs/recommendation-engine.md). Available after the lock; computed and recorded on "
                          + "the first call, then answered unchanged. The one GET that changes something: the first "
                          + "call records a RecommendationIssuedEvent in the escrow's history (its hash chain, a "
                          + "RECOMMENDATION_ISSUED webhook); later calls record nothing.")
    @GetMapping("/v1/disputes/{disputeId}/recommendation")
    DisputeResponses.RecommendationResponse recommendation(
            @PathVariable String disputeId, RequestContext context) {
        DisputedEscrow escrow = escrowOf(context, disputeId);
        Recommendation recommendation = commands.send(new IssueRecommendationCommand(escrow.escrowId(),
                context.integratorId(), disputeId, now(escrow)), context);
        return DisputeResponses.RecommendationResponse.of(disputeId, recommendation);
    }

    @Operation(operationId = "decideDispute", summary = "Decide the dispute",
            description = "Applies the final decision, once, after the lock: RELEASE, REFUND or SPLIT by "
                          + "`final_ratio`. What is held is paid out (contractor = held x contractor share, rounded "
                          + "half-even; the client gets the rest) and the dispute and the escrow become RESOLVED.")
    @PostMapping("/v1/disputes/{disputeId}/decision")
    DisputeResponses.Resolved decide(@PathVariable String disputeId, @RequestBody DisputeRequests.Decision request,
                                     RequestContext context) {
        DisputedEscrow escrow = escrowOf(context, disputeId);
        Validator check = new Validator();
        check.present("decision", request.decision());
        String justification = request.justification() == null ? null
                : check.text("justification", request.justification(), 1, 2000);
        Ratio ratio = finalRatio(check, request);
        check.throwIfInvalid();
        PayoutBreakdown breakdown = commands.send(new DecideDisputeCommand(escrow.escrowId(), context.integratorId(),
                disputeId, request.decision(), ratio, justification, now(escrow)), context);
        return DisputeResponses.Resolved.of(request.decision(), breakdown);
    }

    /** The decision's ratio: required for a SPLIT, optional (but checked) for RELEASE and REFUND. */
    private static Ratio finalRatio(Validator check, DisputeRequests.Decision request) {
        DisputeRequests.RatioRequest given = request.finalRatio();
        if (given == null) {
            if (request.decision() == DisputeOutcome.SPLIT) {
                check.reject("final_ratio", "is required for a SPLIT decision");
            }
            return null;
        }
        boolean complete = check.present("final_ratio.client", given.client())
                           & check.present("final_ratio.contractor", given.contractor());
        if (!complete) {
            return null;
        }
        try {
            return new Ratio(given.client(), given.contractor());
        } catch (DomainException invalid) {
            check.reject("final_ratio", invalid.getMessage());
            return null;
        }
    }

    private DisputedEscrow escrowOf(RequestContext context, String disputeId) {
        if (!Ids.DISPUTE.isWellFormed(disputeId)) {
            throw disputeNotFound(disputeId);
        }
        return disputes.escrowOf(context.integratorId(), disputeId).orElseThrow(() -> disputeNotFound(disputeId));
    }

    /** The time a command on the dispute acts at: its escrow's test clock's, or the service's. */
    private Instant now(DisputedEscrow escrow) {
        return testClocks.actingAt(escrow.testClockTime());
    }

    private DisputeResponses.DisputeResponse read(RequestContext context, String disputeId) {
        if (!Ids.DISPUTE.isWellFormed(disputeId)) {
            throw disputeNotFound(disputeId);
        }
        return DisputeResponses.DisputeResponse.of(disputes.find(context.integratorId(), disputeId)
                                                           .orElseThrow(() -> disputeNotFound(disputeId)));
    }

    private static DomainException disputeNotFound(String disputeId) {
        return new DomainException(ErrorCode.DISPUTE_NOT_FOUND, "No dispute " + disputeId);
    }
}
