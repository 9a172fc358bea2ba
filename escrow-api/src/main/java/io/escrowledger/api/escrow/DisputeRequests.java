package io.escrowledger.api.escrow;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.escrowledger.api.web.Validator;
import io.escrowledger.domain.escrow.Actor;
import io.escrowledger.domain.escrow.ActorRole;
import io.escrowledger.domain.escrow.DisputeOutcome;
import io.escrowledger.domain.escrow.DisputeReason;

import java.math.BigDecimal;

/** The JSON bodies of the quick-start guide's steps 4 to 7, and how each is checked. */
final class DisputeRequests {

    private DisputeRequests() {
    }

    /** {@code statement}: optional free text in the opening party's words. */
    record OpenDispute(DisputeReason reasonCode, String statement, ActorRequest openedBy) {
    }

    record SubmitEvidence(ActorRequest submittedBy, EscrowRequests.Reference reference) {
    }

    record Decision(DisputeOutcome decision, RatioRequest finalRatio, String justification) {
    }

    record ActorRequest(String actorId, Role actorRole) {
    }

    record RatioRequest(BigDecimal client, BigDecimal contractor) {
    }

    /** The wire names of the two parties. */
    enum Role {
        @JsonProperty("client") CLIENT(ActorRole.CLIENT),
        @JsonProperty("contractor") CONTRACTOR(ActorRole.CONTRACTOR);

        private final ActorRole domain;

        Role(ActorRole domain) {
            this.domain = domain;
        }
    }

    /** A party to the escrow; only clients and contractors act in disputes. Null (and reported) when invalid. */
    static Actor actor(Validator check, String field, ActorRequest given) {
        if (!check.present(field, given)) {
            return null;
        }
        String actorId = check.text(field + ".actor_id", given.actorId(), 1, 128);
        boolean hasRole = check.present(field + ".actor_role", given.actorRole());
        return actorId == null || !hasRole ? null : new Actor(actorId, given.actorRole().domain);
    }
}
