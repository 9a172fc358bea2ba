package io.escrowledger.domain.escrow.value;

import java.util.Objects;

/** A person acting in a dispute, as the integrator identifies them. */
public record Actor(String actorId, ActorRole role) {

    public Actor {
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(role, "role");
    }
}
