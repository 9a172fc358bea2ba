package io.escrowledger.api.escrow;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The wire enums of EscrowRequests map to their domain enums by constant name: a rename would fail a request. */
class EscrowWireNamesTest {

    @Test
    void everyFeeRoundingNameMapsToTheFeeRoundingOfTheSameName() {
        for (EscrowRequests.FeeRoundingName wire : EscrowRequests.FeeRoundingName.values()) {
            assertThat(wire.domain().name()).isEqualTo(wire.name());
        }
    }

    @Test
    void everyOracleOutcomeNameMapsToTheOracleOutcomeOfTheSameName() {
        for (EscrowRequests.OracleOutcomeName wire : EscrowRequests.OracleOutcomeName.values()) {
            assertThat(wire.domain().name()).isEqualTo(wire.name());
        }
    }
}
