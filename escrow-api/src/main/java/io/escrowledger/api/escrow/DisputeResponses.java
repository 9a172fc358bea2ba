package io.escrowledger.api.escrow;

import io.escrowledger.domain.escrow.Actor;
import io.escrowledger.domain.escrow.DisputeOutcome;
import io.escrowledger.domain.escrow.DisputeReason;
import io.escrowledger.domain.escrow.DisputeState;
import io.escrowledger.domain.escrow.Evidence;
import io.escrowledger.domain.escrow.ExternalReference;
import io.escrowledger.domain.escrow.Payout;
import io.escrowledger.domain.escrow.Ratio;
import io.escrowledger.domain.escrow.Recommendation;
import io.escrowledger.domain.escrow.RuleApplication;
import io.escrowledger.projections.dispute.DisputeView;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What integrators read about disputes (snake_case on the wire). Ratios are shown without trailing zeros. */
final class DisputeResponses {

    private DisputeResponses() {
    }

    record ActorResponse(String actorId, String actorRole) {
        static ActorResponse of(Actor actor) {
            return new ActorResponse(actor.actorId(), actor.role().name().toLowerCase(Locale.ROOT));
        }
    }

    record ReferenceResponse(String type, String provider, String uri, String contentHash) {
        static ReferenceResponse of(ExternalReference reference) {
            return new ReferenceResponse(reference.type(), reference.provider(), reference.uri(),
                    reference.contentHash());
        }
    }

    record EvidenceResponse(String id, String disputeId, ActorResponse submittedBy, ReferenceResponse reference,
                            Instant submittedAt) {
        static EvidenceResponse of(String disputeId, Evidence evidence) {
            return new EvidenceResponse(evidence.evidenceId(), disputeId, ActorResponse.of(evidence.submittedBy()),
                    ReferenceResponse.of(evidence.reference()), evidence.submittedAt());
        }
    }

    record RatioResponse(BigDecimal client, BigDecimal contractor) {
        static RatioResponse of(BigDecimal client, BigDecimal contractor) {
            return new RatioResponse(client.stripTrailingZeros(), contractor.stripTrailingZeros());
        }

        static RatioResponse of(Ratio ratio) {
            return of(ratio.client(), ratio.contractor());
        }
    }

    record PayoutResponse(long client, long contractor) {
        static PayoutResponse of(Payout payout) {
            return new PayoutResponse(payout.client().minorUnits(), payout.contractor().minorUnits());
        }
    }

    record DecisionResponse(DisputeOutcome outcome, RatioResponse finalRatio, String justification,
                            PayoutResponse payout, Instant resolvedAt) {
    }

    record DisputeResponse(String id, String escrowId, DisputeState state, DisputeReason reasonCode,
                           String statement, ActorResponse openedBy, String currency, long heldAmount, List<EvidenceResponse> evidence,
                           String evidenceDigest, Instant lockedAt, DecisionResponse decision, Instant createdAt,
                           Instant updatedAt) {

        static DisputeResponse of(DisputeView view) {
            DisputeView.Decision decided = view.decision();
            DecisionResponse decision = decided == null ? null : new DecisionResponse(decided.outcome(),
                    RatioResponse.of(decided.clientRatio(), decided.contractorRatio()), decided.justification(),
                    new PayoutResponse(decided.clientPayout(), decided.contractorPayout()), decided.resolvedAt());
            return new DisputeResponse(view.disputeId(), view.escrowId(), view.state(), view.reason(),
                    view.statement(), ActorResponse.of(view.openedBy()), view.currency(), view.heldAmount(),
                    view.evidence().stream().map(e -> EvidenceResponse.of(view.disputeId(), e)).toList(),
                    view.evidenceDigest(), view.lockedAt(), decision, view.createdAt(), view.updatedAt());
        }
    }

    record RuleResponse(String rule, BigDecimal weight, BigDecimal confidenceWeight, Map<String, String> facts) {
        static RuleResponse of(RuleApplication rule) {
            return new RuleResponse(rule.rule(), rule.weight().stripTrailingZeros(),
                    rule.confidenceWeight().stripTrailingZeros(), rule.facts());
        }
    }

    record RecommendationResponse(String disputeId, DisputeOutcome recommendation, BigDecimal confidence,
                                  List<String> signals, RatioResponse suggestedRatio, String engineVersion,
                                  List<RuleResponse> explanation) {
        static RecommendationResponse of(String disputeId, Recommendation recommendation) {
            return new RecommendationResponse(disputeId, recommendation.recommendation(),
                    recommendation.confidence().stripTrailingZeros(), recommendation.signals(),
                    RatioResponse.of(recommendation.suggestedRatio()), recommendation.engineVersion(),
                    recommendation.explanation().stream().map(RuleResponse::of).toList());
        }
    }

    record Resolved(String status, DisputeOutcome outcome, PayoutResponse payout) {
    }
}
