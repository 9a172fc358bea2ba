package io.escrowledger.projections.dispute;

import io.escrowledger.domain.escrow.Actor;
import io.escrowledger.domain.escrow.ActorRole;
import io.escrowledger.domain.escrow.DisputeOutcome;
import io.escrowledger.domain.escrow.DisputeReason;
import io.escrowledger.domain.escrow.DisputeState;
import io.escrowledger.domain.escrow.Evidence;
import io.escrowledger.domain.escrow.ExternalReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.escrowledger.projections.support.SqlTime.instant;

/** Reads disputes from the read model, always within one integrator's data. */
@Component
public class DisputeQueries {

    private final JdbcClient jdbc;

    public DisputeQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Which escrow a dispute belongs to: commands on a dispute are addressed to its escrow. */
    public Optional<String> escrowOf(String integratorId, String disputeId) {
        return jdbc.sql("SELECT escrow_id FROM disputes WHERE integrator_id = ? AND dispute_id = ?")
                   .params(integratorId, disputeId)
                   .query(String.class)
                   .optional();
    }

    public Optional<DisputeView> find(String integratorId, String disputeId) {
        return jdbc.sql("SELECT * FROM disputes WHERE integrator_id = ? AND dispute_id = ?")
                   .params(integratorId, disputeId)
                   .query((row, n) -> disputeRow(row, evidence(disputeId)))
                   .optional();
    }

    private List<Evidence> evidence(String disputeId) {
        return jdbc.sql("SELECT * FROM dispute_evidence WHERE dispute_id = ? ORDER BY position")
                   .param(disputeId)
                   .query((row, n) -> new Evidence(row.getString("evidence_id"),
                           new Actor(row.getString("submitted_by_actor_id"), role(row.getString("submitted_by_role"))),
                           new ExternalReference(row.getString("reference_type"), row.getString("reference_provider"),
                                   row.getString("reference_uri"), row.getString("reference_content_hash")),
                           instant(row, "submitted_at")))
                   .list();
    }

    private static DisputeView disputeRow(ResultSet row, List<Evidence> evidence) throws SQLException {
        String decision = row.getString("decision");
        DisputeView.Decision decided = decision == null ? null : new DisputeView.Decision(
                DisputeOutcome.valueOf(decision), row.getBigDecimal("final_client_ratio"),
                row.getBigDecimal("final_contractor_ratio"), row.getString("justification"),
                row.getLong("client_payout"), row.getLong("contractor_payout"), instant(row, "resolved_at"));
        return new DisputeView(row.getString("dispute_id"), row.getString("escrow_id"),
                DisputeState.valueOf(row.getString("state")), DisputeReason.valueOf(row.getString("reason_code")),
                row.getString("statement"), new Actor(row.getString("opened_by_actor_id"), role(row.getString("opened_by_role"))),
                row.getString("currency"), row.getLong("held_amount"), evidence, row.getString("evidence_digest"),
                instant(row, "locked_at"), decided, instant(row, "created_at"), instant(row, "updated_at"));
    }

    private static ActorRole role(String stored) {
        return ActorRole.valueOf(stored.toUpperCase(Locale.ROOT));
    }
}
