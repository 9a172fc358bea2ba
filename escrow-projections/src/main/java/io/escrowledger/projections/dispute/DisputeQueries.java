package io.escrowledger.projections.dispute;

import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.DisputeState;
import io.escrowledger.domain.escrow.value.Evidence;
import io.escrowledger.domain.escrow.value.EvidenceLockCause;
import io.escrowledger.domain.escrow.value.ExternalReference;
import io.escrowledger.projections.support.MetadataJson;
import io.escrowledger.projections.support.PagedQuery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static io.escrowledger.projections.support.SqlTime.instant;
import static io.escrowledger.projections.support.SqlTime.toSql;

/** Reads disputes from the read model, always within one integrator's data. */
@Component
public record DisputeQueries(JdbcClient jdbc) {

    /**
     * The escrow a dispute belongs to, and the time of its test clock if it runs on one (else null).
     *
     * @param escrowId      commands on a dispute are addressed to its escrow
     * @param testClockTime the time they act at, for an escrow on a test clock
     */
    public record DisputedEscrow(String escrowId, Instant testClockTime) {
    }

    /** The dispute's escrow and its clock in one statement: every command on a dispute needs both. */
    public Optional<DisputedEscrow> escrowOf(String integratorId, String disputeId) {
        return jdbc.sql("""
                        SELECT d.escrow_id, c.frozen_time FROM disputes d
                        LEFT JOIN escrows e ON e.escrow_id = d.escrow_id
                        LEFT JOIN test_clocks c ON c.clock_id = e.test_clock_id
                        WHERE d.integrator_id = ? AND d.dispute_id = ?""")
                   .params(integratorId, disputeId)
                   .query((row, n) -> new DisputedEscrow(row.getString("escrow_id"), instant(row, "frozen_time")))
                   .optional();
    }

    /**
     * The dispute, then its evidence: one query after the other, never the evidence's inside the dispute's row mapper,
     * which would hold a second pooled connection while the first is open (with as many such requests as connections,
     * every one of them waits for the pool; the benchmark of issue 12 found it).
     */
    public Optional<DisputeView> find(String integratorId, String disputeId) {
        return jdbc.sql("SELECT * FROM disputes WHERE integrator_id = ? AND dispute_id = ?")
                   .params(integratorId, disputeId)
                   .query((row, n) -> disputeRow(row))
                   .optional()
                   .map(withEvidence -> withEvidence.apply(evidence(disputeId)));
    }

    /**
     * A page of the integrator's disputes, newest first by time-ordered id (immutable, so a dispute opened while a
     * caller pages never moves one already listed); one row more than asked tells whether another page follows. The
     * evidence of the whole page is read with one query.
     */
    public DisputePage list(String integratorId, DisputeFilter filter, int limit) {
        PagedQuery query = new PagedQuery("SELECT * FROM disputes WHERE integrator_id = :integrator")
                .param("integrator", integratorId)
                .and("state IN (:states)", "states", filter.states().stream().map(Enum::name).toList())
                .and("reason_code IN (:reasons)", "reasons", filter.reasons().stream().map(Enum::name).toList())
                .and("evidence_due_by < :dueBefore", "dueBefore", toSql(filter.dueBefore()))
                .and("escrow_id = :escrowId", "escrowId", filter.escrowId())
                .and("metadata @> CAST(:metadata AS jsonb)", "metadata", MetadataJson.filter(filter.metadata()))
                .and("dispute_id < :after", "after", filter.afterDisputeId());
        PagedQuery.Slice<Map.Entry<String, Function<List<Evidence>, DisputeView>>> page = query.page(jdbc,
                "dispute_id DESC", limit, (row, n) -> Map.entry(row.getString("dispute_id"), disputeRow(row)));
        List<String> ids = page.rows().stream().map(Map.Entry::getKey).toList();
        Map<String, List<Evidence>> evidence = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("SELECT * FROM dispute_evidence WHERE dispute_id IN (:ids) ORDER BY dispute_id, position")
                .param("ids", ids)
                .query((row, n) -> Map.entry(row.getString("dispute_id"), evidenceRow(row)))
                .list()
                .forEach(entry -> evidence.computeIfAbsent(entry.getKey(), id -> new ArrayList<>())
                                          .add(entry.getValue()));
        }
        return new DisputePage(page.rows().stream()
                                   .map(row -> row.getValue().apply(evidence.getOrDefault(row.getKey(), List.of())))
                                   .toList(), page.hasMore());
    }

    private List<Evidence> evidence(String disputeId) {
        return jdbc.sql("SELECT * FROM dispute_evidence WHERE dispute_id = ? ORDER BY position")
                   .param(disputeId)
                   .query((row, n) -> evidenceRow(row))
                   .list();
    }

    private static Evidence evidenceRow(ResultSet row) throws SQLException {
        return new Evidence(row.getString("evidence_id"),
                new Actor(row.getString("submitted_by_actor_id"), role(row.getString("submitted_by_role"))),
                new ExternalReference(row.getString("reference_type"), row.getString("reference_provider"),
                        row.getString("reference_uri"), row.getString("reference_content_hash")),
                instant(row, "submitted_at"));
    }

    /** The dispute of this row, read now, once given its evidence. */
    private static Function<List<Evidence>, DisputeView> disputeRow(ResultSet row) throws SQLException {
        String decision = row.getString("decision");
        DisputeView.Decision decided = decision == null ? null : new DisputeView.Decision(
                DisputeOutcome.valueOf(decision), row.getBigDecimal("final_client_ratio"),
                row.getBigDecimal("final_contractor_ratio"), row.getString("justification"),
                row.getLong("client_payout"), row.getLong("contractor_payout"), instant(row, "resolved_at"));
        String disputeId = row.getString("dispute_id");
        String escrowId = row.getString("escrow_id");
        DisputeState state = DisputeState.valueOf(row.getString("state"));
        DisputeReason reason = DisputeReason.valueOf(row.getString("reason_code"));
        String statement = row.getString("statement");
        Actor openedBy = new Actor(row.getString("opened_by_actor_id"), role(row.getString("opened_by_role")));
        String currency = row.getString("currency");
        long held = row.getLong("held_amount");
        String digest = row.getString("evidence_digest");
        Instant locked = instant(row, "locked_at");
        String lockedByName = row.getString("locked_by");
        EvidenceLockCause lockedBy = lockedByName == null ? null
                : EvidenceLockCause.valueOf(lockedByName.toUpperCase(Locale.ROOT));
        Instant evidenceDueBy = instant(row, "evidence_due_by");
        Instant created = instant(row, "created_at");
        Instant updated = instant(row, "updated_at");
        Map<String, String> metadata = MetadataJson.read(row.getString("metadata"));
        return evidence -> new DisputeView(disputeId, escrowId, state, reason, statement, openedBy, currency, held,
                evidence, digest, locked, lockedBy, evidenceDueBy, decided, created, updated, metadata);
    }

    private static ActorRole role(String stored) {
        return ActorRole.valueOf(stored.toUpperCase(Locale.ROOT));
    }
}
