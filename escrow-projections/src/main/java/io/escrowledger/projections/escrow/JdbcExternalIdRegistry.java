package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.port.ExternalIdRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Claims external ids in {@code escrow_external_ids}. It runs inside the command's transaction (JdbcClient joins the
 * Spring transaction Axon opened), so the claim commits or rolls back with the escrow's first event. Two concurrent
 * claims of one id serialize on the primary key: the loser sees the winner's escrow id.
 */
@Component
public record JdbcExternalIdRegistry(JdbcClient jdbc) implements ExternalIdRegistry {

    @Override
    public Optional<String> claim(String integratorId, String externalId, String escrowId) {
        int inserted = jdbc.sql("""
                                INSERT INTO escrow_external_ids (integrator_id, external_id, escrow_id)
                                VALUES (?, ?, ?)
                                ON CONFLICT DO NOTHING""")
                           .params(integratorId, externalId, escrowId)
                           .update();
        if (inserted == 1) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT escrow_id FROM escrow_external_ids WHERE integrator_id = ? AND external_id = ?")
                   .params(integratorId, externalId)
                   .query(String.class)
                   .optional();
    }
}
