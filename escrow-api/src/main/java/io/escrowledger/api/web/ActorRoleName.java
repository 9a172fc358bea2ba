package io.escrowledger.api.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.escrowledger.domain.escrow.value.ActorRole;

/**
 * The wire names of the two parties of an escrow, as requests send them: a dispute's actor and the party a payout
 * goes to. Each constant is named as its ActorRole (ActorRoleNameTest).
 */
public enum ActorRoleName {
    @JsonProperty("client") CLIENT,
    @JsonProperty("contractor") CONTRACTOR;

    public ActorRole role() {
        return ActorRole.valueOf(name());
    }
}
