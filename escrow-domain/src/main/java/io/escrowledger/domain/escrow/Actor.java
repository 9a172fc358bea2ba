package io.escrowledger.domain.escrow;

import java.util.Objects;

/** A person acting in a dispute, as the integrator identifies them. */
public record Actor(String actorId, ActorRole role) {

    public Actor {
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(role, "role");
    }
}
