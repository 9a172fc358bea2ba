package io.escrowledger.api.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** ActorRoleName maps to ActorRole by constant name: a renamed constant on either side would fail a request. */
class ActorRoleNameTest {

    @Test
    void everyWireNameMapsToTheActorRoleOfTheSameName() {
        for (ActorRoleName wire : ActorRoleName.values()) {
            assertThat(wire.role().name()).isEqualTo(wire.name());
        }
    }
}
