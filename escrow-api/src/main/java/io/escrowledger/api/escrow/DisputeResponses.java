package io.escrowledger.api.escrow;

import io.escrowledger.domain.escrow.recommendation.Recommendation;
import io.escrowledger.domain.escrow.recommendation.RuleApplication;
import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.DisputeState;
import io.escrowledger.domain.escrow.value.Evidence;
import io.escrowledger.domain.escrow.value.ExternalReference;
import io.escrowledger.domain.escrow.value.Payout;
import io.escrowledger.domain.escrow.value.PayoutBreakdown;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.projections.dispute.DisputeView;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What integrators read about disputes (snake_case on the wire). Ratios are shown without trailing zeros. */
final class DisputeResponses {

    private DisputeResponses() {
    }

    @Schema(name = "Actor", description = "A party to the escrow acting in its dispute.")
    record ActorResponse(
            @Schema(example = "usr_client_456") String actorId,
            @Schema(allowableValues = {"client", "contractor"}, example = "client") String actorRole) {
        static ActorResponse of(Actor actor) {
            return new ActorResponse(actor.actorId(), actor.role().name().toLowerCase(Locale.ROOT));
        }
    }

    @Schema(name = "Reference", description = "Where a piece of evidence lives, and the hash of its content.")
    record ReferenceResponse(
            @Schema(example = "external_reference",
                    description = "How it is referenced; today always `external_reference`.")
            String type,
            @Schema(example = "google_drive") String provider,
            @Schema(example = "https://drive.google.com/file/d/abc") String uri,
            @Schema(example = "sha256:9f86d081884c7d659a2feaa0c55ad015") String contentHash) {
        static ReferenceResponse of(ExternalReference reference) {
            return new ReferenceResponse(reference.type(), reference.provider(), reference.uri(),
                    reference.contentHash());
        }
    }

    @Schema(name = "Evidence", description = "A piece of evidence submitted to a dispute.")
    record EvidenceResponse(
            @Schema(example = "evd_01a1fd90-8fb0-77f8-9808-a85ef68be7fc", description = "`evd_` followed by a UUID v7.")
            String id,
            @Schema(example = "dsp_01a1fd80-8fb0-77f8-9808-a85ef68be7fc") String disputeId,
            ActorResponse submittedBy,
            ReferenceResponse reference,
            @Schema(example = "2025-01-20T15:00:00Z") Instant submittedAt) {
        static EvidenceResponse of(String disputeId, Evidence evidence) {
            return new EvidenceResponse(evidence.evidenceId(), disputeId, ActorResponse.of(evidence.submittedBy()),
                    ReferenceResponse.of(evidence.reference()), evidence.submittedAt());
        }
    }

    @Schema(name = "Ratio", description = "How held money is shared: two shares from 0 to 1 adding up to exactly 1, "
                                          + "without trailing zeros.")
    record RatioResponse(
            @Schema(example = "0.35", description = "The client's share.") BigDecimal client,
            @Schema(example = "0.65", description = "The contractor's share.") BigDecimal contractor) {
        static RatioResponse of(BigDecimal client, BigDecimal contractor) {
            return new RatioResponse(client.stripTrailingZeros(), contractor.stripTrailingZeros());
        }

        static RatioResponse of(Ratio ratio) {
            return of(ratio.client(), ratio.contractor());
        }
    }

    @Schema(name = "Payout", description = "What a decision pays each party, in integer minor units of the escrow's "
                                           + "currency; the two add up to the amount held.")
    record PayoutResponse(
            @Schema(example = "17500", description = "Back to the client.") long client,
            @Schema(example = "32500", description = "To the contractor.") long contractor) {
        static PayoutResponse of(Payout payout) {
            return new PayoutResponse(payout.client().minorUnits(), payout.contractor().minorUnits());
        }
    }

    @Schema(name = "Decision", nullable = true, description = "The decision that resolved a dispute.")
    record DecisionResponse(
            @Schema(example = "SPLIT") DisputeOutcome outcome,
            @Schema(description = "The shares applied (RELEASE: contractor 1, REFUND: client 1).")
            RatioResponse finalRatio,
            @Schema(nullable = true, example = "Milestone delivered late but functional",
                    description = "Why; null when the decision gave no justification.")
            String justification,
            PayoutResponse payout,
            @Schema(example = "2025-01-22T10:00:00Z") Instant resolvedAt) {
    }

    @Schema(name = "DisputeList", description = "A page of disputes, newest first.")
    record DisputeList(
            @Schema(description = "The disputes of this page.") List<DisputeResponse> data,
            @Schema(description = "Whether another page follows.") boolean hasMore,
            @Schema(nullable = true, example = "ZHNwXzAxYTFmZDgw.q1vT0sRdYz8mJ5kW3xVbNg",
                    description = "The opaque cursor of the next page, to pass as `cursor`; null on the last page.")
            String nextCursor) {
    }

    @Schema(name = "Dispute", description = "A dispute on an escrow, with its evidence and, once resolved, its "
                                            + "decision.")
    record DisputeResponse(
            @Schema(example = "dsp_01a1fd80-8fb0-77f8-9808-a85ef68be7fc", description = "`dsp_` followed by a UUID v7.")
            String id,
            @Schema(example = "esc_01a1fd7e-8fb0-77f8-9808-a85ef68be7fc") String escrowId,
            @Schema(example = "OPEN",
                    description = "OPEN (evidence accepted), EVIDENCE_LOCKED (recommendation and decision possible), "
                                  + "RESOLVED.")
            DisputeState state,
            @Schema(example = "DELIVERABLE_INCOMPLETE") DisputeReason reasonCode,
            @Schema(nullable = true, example = "Only the design was delivered",
                    description = "The opening party's statement; null when none was given.")
            String statement,
            ActorResponse openedBy,
            @Schema(example = "USD") String currency,
            @Schema(example = "50000",
                    description = "What the escrow held when the dispute was opened, in integer minor units.")
            long heldAmount,
            @Schema(description = "The evidence, in submission order.") List<EvidenceResponse> evidence,
            @Schema(nullable = true,
                    example = "sha256:60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
                    description = "`sha256:` and the hex SHA-256 of each evidence's `id`, a line feed, its "
                                  + "`content_hash` and a line feed, in submission order; null until the evidence is "
                                  + "locked.")
            String evidenceDigest,
            @Schema(nullable = true, example = "2025-01-21T09:00:00Z",
                    description = "When the evidence was locked; null before (and for a dispute conceded by a refund "
                                  + "without a lock).")
            Instant lockedAt,
            @Schema(nullable = true, allowableValues = {"integrator", "evidence_deadline"}, example = "integrator",
                    description = "What locked the evidence: your `POST /v1/disputes/{id}/lock`, or "
                                  + "`evidence_due_by` passing; null until locked.")
            String lockedBy,
            @Schema(nullable = true, example = "2025-01-27T14:00:00Z",
                    description = "When the evidence is locked by itself if nobody locked it before: the opening "
                                  + "plus your evidence window (7 days unless configured otherwise). Evidence is "
                                  + "refused from then on. Null when your window is 0 (no deadline).")
            Instant evidenceDueBy,
            @Schema(nullable = true, description = "The decision; null until the dispute is resolved.")
            DecisionResponse decision,
            @Schema(example = "2025-01-20T14:00:00Z") Instant createdAt,
            @Schema(example = "2025-01-20T14:00:00Z") Instant updatedAt,
            @Schema(example = "{\"ticket\": \"SUP-1234\"}",
                    description = "Your key/value pairs on the dispute, sorted by key; `{}` for none.")
            Map<String, String> metadata) {

        static DisputeResponse of(DisputeView view) {
            DisputeView.Decision decided = view.decision();
            DecisionResponse decision = decided == null ? null : new DecisionResponse(decided.outcome(),
                    RatioResponse.of(decided.clientRatio(), decided.contractorRatio()), decided.justification(),
                    new PayoutResponse(decided.clientPayout(), decided.contractorPayout()), decided.resolvedAt());
            return new DisputeResponse(view.disputeId(), view.escrowId(), view.state(), view.reason(),
                    view.statement(), ActorResponse.of(view.openedBy()), view.currency(), view.heldAmount(),
                    view.evidence().stream().map(e -> EvidenceResponse.of(view.disputeId(), e)).toList(),
                    view.evidenceDigest(), view.lockedAt(),
                    view.lockedBy() == null ? null : view.lockedBy().name().toLowerCase(Locale.ROOT),
                    view.evidenceDueBy(), decision, view.createdAt(), view.updatedAt(), view.metadata());
        }
    }

    @Schema(name = "RecommendationRule", description = "One rule of the recommendation engine that fired.")
    record RuleResponse(
            @Schema(example = "partial_completion", description = "The rule's name, also the signal it raises.")
            String rule,
            @Schema(example = "0.4", description = "What it did to the contractor's share.") BigDecimal weight,
            @Schema(example = "0.05", description = "What it added to (or took from) the confidence.")
            BigDecimal confidenceWeight,
            @Schema(description = "The facts it read, by name, in a fixed order; values are strings, e.g. "
                                  + "{\"held_amount\": \"50000\", \"delivered_amount\": \"20000\"}.")
            Map<String, String> facts) {
        static RuleResponse of(RuleApplication rule) {
            return new RuleResponse(rule.rule(), rule.weight().stripTrailingZeros(),
                    rule.confidenceWeight().stripTrailingZeros(), rule.facts());
        }
    }

    @Schema(name = "Recommendation", description = "The engine's advice on a dispute, with every rule that fired.")
    record RecommendationResponse(
            @Schema(example = "dsp_01a1fd80-8fb0-77f8-9808-a85ef68be7fc") String disputeId,
            @Schema(example = "SPLIT", description = "The recommended outcome.") DisputeOutcome recommendation,
            @Schema(example = "0.72", description = "0 to 1, at most two decimals.") BigDecimal confidence,
            @ArraySchema(schema = @Schema(example = "partial_completion"),
                    arraySchema = @Schema(description = "The names of the rules that fired, in the order applied."))
            List<String> signals,
            @Schema(description = "How the held money would be shared.") RatioResponse suggestedRatio,
            @Schema(example = "v1.0.0",
                    description = "The version of the rules that produced it: `v1.0.0` today; answers recorded "
                                  + "earlier say `1.0.0` (docs/recommendation-engine.md, Versions).")
            String engineVersion,
            @Schema(description = "Every rule that fired, in the order applied.") List<RuleResponse> explanation) {
        static RecommendationResponse of(String disputeId, Recommendation recommendation) {
            return new RecommendationResponse(disputeId, recommendation.recommendation(),
                    recommendation.confidence().stripTrailingZeros(), recommendation.signals(),
                    RatioResponse.of(recommendation.suggestedRatio()), recommendation.engineVersion(),
                    recommendation.explanation().stream().map(RuleResponse::of).toList());
        }
    }

    @Schema(name = "DisputeResolution", description = "The answer to a decision: the dispute is resolved and what "
                                                      + "was held is paid out.")
    record Resolved(
            @Schema(allowableValues = "resolved", example = "resolved") String status,
            @Schema(example = "SPLIT", description = "The decision applied.") DisputeOutcome outcome,
            @Schema(description = "Each party's gross, as the quick-start guide shows it.") PayoutResponse payout,
            @Schema(description = "Each party's gross, the platform's fee taken from it and the net: the fee still "
                                  + "due on the held money is shared by the decision's ratio, the contractor's part "
                                  + "taken from the contractor's share and the client's part returned.")
            EscrowResponses.EscrowResponse.PayoutBreakdown payoutBreakdown) {

        static Resolved of(DisputeOutcome outcome, PayoutBreakdown breakdown) {
            return new Resolved("resolved", outcome, PayoutResponse.of(breakdown.payout()),
                    EscrowResponses.EscrowResponse.PayoutBreakdown.of(breakdown.client().gross().minorUnits(),
                            breakdown.client().fee().minorUnits(), breakdown.contractor().gross().minorUnits(),
                            breakdown.contractor().fee().minorUnits()));
        }
    }
}
