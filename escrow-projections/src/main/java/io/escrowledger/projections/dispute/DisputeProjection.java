package io.escrowledger.projections.dispute;

import io.escrowledger.domain.escrow.event.DisputeMetadataUpdatedEvent;
import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.projections.support.MetadataJson;
import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.EvidenceSubmittedEvent;
import io.escrowledger.domain.escrow.event.RecommendationIssuedEvent;
import io.escrowledger.domain.escrow.recommendation.Recommendation;
import io.escrowledger.domain.escrow.value.DisputeState;
import io.escrowledger.projections.support.ProjectionTable;
import io.escrowledger.projections.support.SubscribingProcessor;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;

import static io.escrowledger.projections.support.SqlTime.toSql;

/**
 * Keeps {@code disputes} and {@code dispute_evidence} from the escrow events, in the command's transaction (a
 * subscribing processor, like the escrow read model), so a dispute can be read right after it changes.
 */
@Component
@SubscribingProcessor
@ProcessingGroup(DisputeProjection.PROCESSING_GROUP)
public record DisputeProjection(JdbcClient jdbc) {

    public static final String PROCESSING_GROUP = "dispute-read-model";
    /** The tables it writes, parents first. */
    public static final List<ProjectionTable> TABLES = List.of(ProjectionTable.of("disputes"),
            ProjectionTable.of("dispute_evidence"));

    @EventHandler
    public void on(DisputeOpenedEvent event) {
        jdbc.sql("""
                 INSERT INTO disputes (dispute_id, escrow_id, integrator_id, state, reason_code, statement,
                                       opened_by_actor_id, opened_by_role, currency, held_amount, created_at,
                                       evidence_count, updated_at, evidence_due_by, metadata)
                 SELECT ?, escrow_id, integrator_id, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?::jsonb
                 FROM escrows WHERE escrow_id = ?""")
            .params(event.disputeId(), DisputeState.OPEN.name(), event.reason().name(), event.statement(),
                    event.openedBy().actorId(),
                    role(event.openedBy().role()), event.heldAmount().currency(), event.heldAmount().minorUnits(),
                    toSql(event.openedAt()), toSql(event.openedAt()), toSql(event.evidenceDueBy()),
                    MetadataJson.write(event.metadata()), event.escrowId())
            .update();
    }

    @EventHandler
    public void on(DisputeMetadataUpdatedEvent event) {
        jdbc.sql("UPDATE disputes SET metadata = ?::jsonb, updated_at = GREATEST(updated_at, ?) WHERE dispute_id = ?")
            .params(MetadataJson.write(event.metadata()), toSql(event.updatedAt()), event.disputeId())
            .update();
    }

    @EventHandler
    public void on(EvidenceSubmittedEvent event) {
        jdbc.sql("""
                 INSERT INTO dispute_evidence (evidence_id, dispute_id, position, submitted_by_actor_id,
                        submitted_by_role, reference_type, reference_provider, reference_uri, reference_content_hash,
                        submitted_at)
                 SELECT ?, ?, evidence_count, ?, ?, ?, ?, ?, ?, ? FROM disputes WHERE dispute_id = ?""")
            .params(event.evidenceId(), event.disputeId(), event.submittedBy().actorId(),
                    role(event.submittedBy().role()), event.reference().type(), event.reference().provider(),
                    event.reference().uri(), event.reference().contentHash(), toSql(event.submittedAt()),
                    event.disputeId())
            .update();
        jdbc.sql("UPDATE disputes SET evidence_count = evidence_count + 1, updated_at = ? WHERE dispute_id = ?")
            .params(toSql(event.submittedAt()), event.disputeId())
            .update();
    }

    @EventHandler
    public void on(EvidenceLockedEvent event) {
        jdbc.sql("""
                 UPDATE disputes SET state = ?, evidence_digest = ?, locked_at = ?, locked_by = ?, updated_at = ?
                 WHERE dispute_id = ?""")
            .params(DisputeState.EVIDENCE_LOCKED.name(), event.evidenceDigest(), toSql(event.lockedAt()),
                    role(event.lockedBy()), toSql(event.lockedAt()), event.disputeId())
            .update();
    }

    @EventHandler
    public void on(RecommendationIssuedEvent event) {
        Recommendation recommendation = event.recommendation();
        jdbc.sql("""
                 UPDATE disputes SET recommendation = ?, recommendation_confidence = ?, recommended_client_ratio = ?,
                        recommended_contractor_ratio = ?, engine_version = ?, recommended_at = ?, updated_at = ?
                 WHERE dispute_id = ?""")
            .params(recommendation.recommendation().name(), recommendation.confidence(),
                    recommendation.suggestedRatio().client(), recommendation.suggestedRatio().contractor(),
                    recommendation.engineVersion(), toSql(event.issuedAt()), toSql(event.issuedAt()), event.disputeId())
            .update();
    }

    @EventHandler
    public void on(DisputeResolvedEvent event) {
        jdbc.sql("""
                 UPDATE disputes SET state = ?, decision = ?, final_client_ratio = ?, final_contractor_ratio = ?,
                        justification = ?, client_payout = ?, contractor_payout = ?, resolved_at = ?, updated_at = ?
                 WHERE dispute_id = ?""")
            .params(DisputeState.RESOLVED.name(), event.outcome().name(), event.finalRatio().client(),
                    event.finalRatio().contractor(), event.justification(), event.payout().client().minorUnits(),
                    event.payout().contractor().minorUnits(), toSql(event.resolvedAt()), toSql(event.resolvedAt()),
                    event.disputeId())
            .update();
    }

    private static String role(Enum<?> role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
