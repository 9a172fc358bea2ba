package io.escrowledger.projections.escrow;

import io.escrowledger.projections.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcExternalIdRegistryTest {

    private final JdbcExternalIdRegistry registry =
            new JdbcExternalIdRegistry(JdbcClient.create(TestDatabase.shared().migratedDataSource()));
    private final String integrator = "int_" + UUID.randomUUID();

    @Test
    void firstClaimWinsAndLaterClaimsLearnTheWinner() {
        assertThat(registry.claim(integrator, "order_1", "esc_a")).isEmpty();
        assertThat(registry.claim(integrator, "order_1", "esc_b")).contains("esc_a");
    }

    @Test
    void externalIdsAreUniquePerIntegratorOnly() {
        assertThat(registry.claim(integrator, "order_1", "esc_a")).isEmpty();
        assertThat(registry.claim("int_other_" + UUID.randomUUID(), "order_1", "esc_b")).isEmpty();
    }
}
