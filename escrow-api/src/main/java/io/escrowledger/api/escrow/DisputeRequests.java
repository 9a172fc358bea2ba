package io.escrowledger.api.escrow;

import io.escrowledger.api.web.ActorRoleName;
import io.escrowledger.api.web.MetadataRequest;
import io.escrowledger.api.web.Validator;
import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The JSON bodies of the quick-start guide's steps 4 to 7, and how each is checked. */
final class DisputeRequests {

    private DisputeRequests() {
    }

    /** {@code statement}: optional free text in the opening party's words. */
    @Schema(name = "OpenDisputeRequest", description = "Who disputes the escrow, and why.")
    record OpenDispute(
            @Schema(requiredMode = REQUIRED, example = "DELIVERABLE_INCOMPLETE",
                    description = "Why the escrow is disputed.")
            DisputeReason reasonCode,
            @Schema(example = "Only the design was delivered",
                    description = "Optional free text in the opening party's words, 1 to 2000 characters.")
            String statement,
            @Schema(requiredMode = REQUIRED, description = "The party opening the dispute.") ActorRequest openedBy,
            @Schema(example = "{\"ticket\": \"SUP-1234\"}",
                    description = "Optional: your own key/value pairs on the dispute. " + MetadataRequest.CHANGES)
            Map<String, String> metadata) {
    }

    @Schema(name = "SubmitEvidenceRequest", description = "A piece of evidence and who submits it.")
    record SubmitEvidence(
            @Schema(requiredMode = REQUIRED, description = "The party submitting the evidence.")
            ActorRequest submittedBy,
            @Schema(requiredMode = REQUIRED,
                    description = "Where the evidence lives and the hash of its content (the deliverable's rules).")
            EscrowRequests.Reference reference) {
    }

    @Schema(name = "DecisionRequest", description = "The final decision on a dispute.")
    record Decision(
            @Schema(requiredMode = REQUIRED, example = "SPLIT",
                    description = "RELEASE pays the contractor everything held, REFUND the client, SPLIT shares it by "
                                  + "`final_ratio`.")
            DisputeOutcome decision,
            @Schema(description = "Required for SPLIT; if given for RELEASE (contractor 1) or REFUND (client 1) it "
                                  + "must match them.")
            RatioRequest finalRatio,
            @Schema(example = "Milestone delivered late but functional",
                    description = "Optional: why, 1 to 2000 characters; recorded as absent (null) when not given.")
            String justification) {
    }

    @Schema(name = "ActorRequest", description = "A party to the escrow; only clients and contractors act in disputes.")
    record ActorRequest(
            @Schema(requiredMode = REQUIRED, example = "usr_client_456",
                    description = "Your id for the party, 1 to 128 characters.")
            String actorId,
            @Schema(requiredMode = REQUIRED, example = "client") ActorRoleName actorRole) {
    }

    @Schema(name = "RatioRequest", description = "How held money is shared: each share from 0 to 1 with at most 4 "
                                                 + "decimals, adding up to exactly 1.")
    record RatioRequest(
            @Schema(requiredMode = REQUIRED, example = "0.35", description = "The client's share.") BigDecimal client,
            @Schema(requiredMode = REQUIRED, example = "0.65", description = "The contractor's share.")
            BigDecimal contractor) {
    }

    /** A party to the escrow; only clients and contractors act in disputes. Null (and reported) when invalid. */
    static Actor actor(Validator check, String field, ActorRequest given) {
        if (!check.present(field, given)) {
            return null;
        }
        String actorId = check.text(field + ".actor_id", given.actorId(), 1, 128);
        boolean hasRole = check.present(field + ".actor_role", given.actorRole());
        return actorId == null || !hasRole ? null : new Actor(actorId, given.actorRole().role());
    }
}
