package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.value.ConditionType;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.ExternalReference;
import io.escrowledger.domain.escrow.value.FeeRounding;
import io.escrowledger.domain.escrow.value.MilestoneState;
import io.escrowledger.domain.escrow.value.PlatformFee;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.serialization.ExactJson;
import io.escrowledger.projections.support.MetadataJson;
import io.escrowledger.projections.support.PagedQuery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.escrowledger.projections.support.SqlTime.instant;
import static io.escrowledger.projections.support.SqlTime.toSql;

/** Reads escrows from the read model, always within one integrator's data. */
@Component
public record EscrowQueries(JdbcClient jdbc) {

    private static final String ESCROW_COLUMNS = """
            escrow_id, external_id, state, currency, total_amount, held_amount, released_amount, refunded_amount,
            external_payment_ref, created_at, funded_at, closed_at, updated_at, last_event_sequence, dispute_id,
            funding_vault_id, client_id, contractor_id, condition_type, condition_release_at, condition_oracle_id,
            condition_oracle_event, condition_approvers, condition_threshold, condition_details, condition_met_at,
            expires_at, expired_at, refund_reason, cancellation_reason, payment_failure_ref, payment_failure_reason,
            payment_failed_at, funds_reversed_at, reversal_reason, platform_fee_fixed, platform_fee_basis_points,
            platform_fee_rounding, fee_amount, released_fee, refunded_fee, fee_returned, test_clock_id, metadata,
            (SELECT c.hash FROM event_chain c WHERE c.aggregate_identifier = escrow_id
             ORDER BY c.sequence_number DESC LIMIT 1) AS chain_head,
            (SELECT json_agg(json_build_object('milestone_id', m.milestone_id, 'amount', m.amount,
                                               'deadline', m.deadline, 'state', m.state,
                                               'deliverable_type', m.deliverable_type,
                                               'deliverable_provider', m.deliverable_provider,
                                               'deliverable_uri', m.deliverable_uri,
                                               'deliverable_content_hash', m.deliverable_content_hash,
                                               'delivered_at', m.delivered_at, 'released_at', m.released_at,
                                               'refunded_at', m.refunded_at, 'overdue_at', m.overdue_at,
                                               'platform_fee_fixed', m.platform_fee_fixed,
                                               'platform_fee_basis_points', m.platform_fee_basis_points,
                                               'platform_fee_rounding', m.platform_fee_rounding,
                                               'fee_amount', m.fee_amount, 'released_amount', m.released_amount,
                                               'refunded_amount', m.refunded_amount,
                                               'released_fee', m.released_fee, 'refunded_fee', m.refunded_fee,
                                               'inspection_period_hours', m.inspection_period_hours,
                                               'inspection_ends_at', m.inspection_ends_at,
                                               'inspection_elapsed_at', m.inspection_elapsed_at,
                                               'metadata', m.metadata)
                             ORDER BY m.position)
             FROM escrow_milestones m WHERE m.escrow_id = escrows.escrow_id) AS milestones""";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, ExactJson>> DETAILS = new TypeReference<>() {
    };
    private static final TypeReference<TreeMap<String, String>> METADATA = new TypeReference<>() {
    };

    public Optional<EscrowView> find(String integratorId, String escrowId) {
        List<EscrowView> found = withDetails(jdbc.sql("SELECT " + ESCROW_COLUMNS
                                                         + " FROM escrows WHERE integrator_id = ? AND escrow_id = ?")
                                                    .params(integratorId, escrowId)
                                                    .query(EscrowQueries::escrowRow)
                                                    .list());
        return found.stream().findFirst();
    }

    /** Whether the integrator has this escrow: an ownership check that needs none of its fields. */
    public boolean exists(String integratorId, String escrowId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM escrows WHERE integrator_id = ? AND escrow_id = ?)")
                   .params(integratorId, escrowId)
                   .query(Boolean.class)
                   .single();
    }

    /** Whose escrow this is, whoever asks (the webhook dispatcher, for events no request caused). */
    public Optional<String> integratorOf(String escrowId) {
        return jdbc.sql("SELECT integrator_id FROM escrows WHERE escrow_id = ?")
                   .param(escrowId)
                   .query(String.class)
                   .optional();
    }

    /** The test clock the escrow runs on; empty for real time, or an unknown escrow. */
    public Optional<String> testClockOf(String escrowId) {
        return jdbc.sql("SELECT test_clock_id FROM escrows WHERE escrow_id = ? AND test_clock_id IS NOT NULL")
                   .param(escrowId)
                   .query(String.class)
                   .optional();
    }

    /**
     * Newest first, by time-ordered id: an immutable unique key, so paging sees every escrow that existed when it began
     * exactly once, whatever is created meanwhile (those land before the first page, or are seen once). One row more
     * than asked tells whether another page follows.
     */
    public EscrowPage list(String integratorId, EscrowFilter filter, int limit) {
        PagedQuery query = new PagedQuery("SELECT " + ESCROW_COLUMNS + " FROM escrows WHERE integrator_id = :integrator")
                .param("integrator", integratorId)
                .and("state IN (:states)", "states", filter.states().stream().map(Enum::name).toList())
                .and("funding_vault_id = :vaultId", "vaultId", filter.vaultId())
                .and("external_id = :externalId", "externalId", filter.externalId())
                .and("created_at >= :createdFrom", "createdFrom", toSql(filter.createdFrom()))
                .and("created_at < :createdBefore", "createdBefore", toSql(filter.createdBefore()))
                .and("client_id = :clientId", "clientId", filter.clientId())
                .and("contractor_id = :contractorId", "contractorId", filter.contractorId())
                .and("currency = :currency", "currency", filter.currency())
                .and("metadata @> CAST(:metadata AS jsonb)", "metadata", MetadataJson.filter(filter.metadata()))
                .and("escrow_id < :after", "after", filter.afterEscrowId());
        if (filter.anyReleased() != null) {
            query.and(filter.anyReleased() ? "released_amount > 0" : "released_amount = 0");
        }
        PagedQuery.Slice<EscrowView> page = query.page(jdbc, "escrow_id DESC", limit, EscrowQueries::escrowRow);
        return new EscrowPage(withDetails(page.rows()), page.hasMore());
    }

    /**
     * Fills in the condition progress of a page of escrows with one query, not one per escrow; only escrows with a
     * release condition have any. (Their milestones come with their rows, as JSON.)
     */
    private List<EscrowView> withDetails(List<EscrowView> escrows) {
        Map<String, List<ConditionView.Step>> steps = new LinkedHashMap<>();
        escrows.stream().filter(escrow -> escrow.condition() != null)
               .forEach(escrow -> steps.put(escrow.escrowId(), new ArrayList<>()));
        if (steps.isEmpty()) {
            return escrows;
        }
        jdbc.sql("""
                 SELECT escrow_id, kind, party_id, outcome, occurred_at FROM escrow_condition_progress
                 WHERE escrow_id IN (:ids) ORDER BY escrow_id, event_sequence""")
            .param("ids", steps.keySet())
            .query(row -> {
                steps.get(row.getString("escrow_id")).add(new ConditionView.Step(row.getString("kind"),
                        row.getString("party_id"), row.getString("outcome"), instant(row, "occurred_at")));
            });
        return escrows.stream()
                      .map(escrow -> escrow.condition() == null ? escrow
                              : escrow.withDetails(escrow.milestones(),
                                      escrow.condition().withSteps(steps.get(escrow.escrowId()))))
                      .toList();
    }

    private static EscrowView escrowRow(ResultSet row, int rowNumber) throws SQLException {
        return new EscrowView(row.getString("escrow_id"), row.getString("external_id"),
                EscrowState.valueOf(row.getString("state")), row.getString("currency"), row.getLong("total_amount"),
                row.getLong("held_amount"), row.getLong("released_amount"), row.getLong("refunded_amount"),
                row.getString("external_payment_ref"), instant(row, "created_at"), instant(row, "funded_at"),
                instant(row, "closed_at"), instant(row, "updated_at"), row.getLong("last_event_sequence"),
                row.getString("dispute_id"), row.getString("funding_vault_id"), row.getString("client_id"),
                row.getString("contractor_id"), row.getString("chain_head"), conditionRow(row),
                instant(row, "expires_at"), instant(row, "expired_at"), row.getString("refund_reason"),
                milestones(row.getString("milestones"), row.getString("currency")), row.getString("cancellation_reason"),
                row.getString("payment_failure_ref") == null ? null
                        : new EscrowView.PaymentFailure(row.getString("payment_failure_ref"),
                                row.getString("payment_failure_reason"), instant(row, "payment_failed_at")),
                row.getTimestamp("funds_reversed_at") == null ? null
                        : new EscrowView.Reversal(row.getString("reversal_reason"), instant(row, "funds_reversed_at")),
                platformFee(row.getObject("platform_fee_fixed", Long.class),
                        row.getObject("platform_fee_basis_points", Integer.class),
                        row.getString("platform_fee_rounding"), row.getString("currency")),
                row.getLong("fee_amount"), row.getLong("released_fee"), row.getLong("refunded_fee"),
                row.getLong("fee_returned"), row.getString("test_clock_id"),
                MetadataJson.read(row.getString("metadata")));
    }

    /** Fee terms from their columns: a fixed amount, or basis points with their rounding; null for none. */
    private static PlatformFee platformFee(Long fixed, Integer basisPoints, String rounding, String currency) {
        if (fixed != null) {
            return PlatformFee.fixed(Money.of(fixed, currency));
        }
        return basisPoints == null ? null : PlatformFee.basisPoints(basisPoints, FeeRounding.valueOf(rounding));
    }

    /** The condition's terms from their columns; its steps are read separately. */
    private static ConditionView conditionRow(ResultSet row) throws SQLException {
        String type = row.getString("condition_type");
        if (type == null) {
            return null;
        }
        Array approvers = row.getArray("condition_approvers");
        String details = row.getString("condition_details");
        ReleaseCondition terms = new ReleaseCondition(ConditionType.valueOf(type), instant(row, "condition_release_at"),
                row.getString("condition_oracle_id"), row.getString("condition_oracle_event"),
                approvers == null ? null : List.of((String[]) approvers.getArray()),
                row.getObject("condition_threshold", Integer.class),
                details == null ? Map.of() : JSON.readValue(details, DETAILS));
        return new ConditionView(terms, instant(row, "condition_met_at"), List.of());
    }

    /** The milestones of a row, in order, from the JSON the query aggregates them into. */
    private static List<MilestoneView> milestones(String json, String currency) {
        if (json == null) {
            return List.of();
        }
        List<MilestoneView> milestones = new ArrayList<>();
        for (JsonNode milestone : JSON.readTree(json)) {
            String deliverableType = text(milestone, "deliverable_type");
            ExternalReference deliverable = deliverableType == null ? null
                    : new ExternalReference(deliverableType, text(milestone, "deliverable_provider"),
                            text(milestone, "deliverable_uri"), text(milestone, "deliverable_content_hash"));
            milestones.add(new MilestoneView(text(milestone, "milestone_id"), milestone.get("amount").asLong(),
                    time(milestone, "deadline"), MilestoneState.valueOf(text(milestone, "state")), deliverable,
                    time(milestone, "delivered_at"), time(milestone, "released_at"), time(milestone, "refunded_at"),
                    time(milestone, "overdue_at"),
                    platformFee(milestone.get("platform_fee_fixed").isNull() ? null
                                    : milestone.get("platform_fee_fixed").asLong(),
                            milestone.get("platform_fee_basis_points").isNull() ? null
                                    : milestone.get("platform_fee_basis_points").asInt(),
                            text(milestone, "platform_fee_rounding"), currency),
                    milestone.get("fee_amount").asLong(), milestone.get("released_amount").asLong(),
                    milestone.get("refunded_amount").asLong(), milestone.get("released_fee").asLong(),
                    milestone.get("refunded_fee").asLong(), integer(milestone, "inspection_period_hours"),
                    time(milestone, "inspection_ends_at"), time(milestone, "inspection_elapsed_at"),
                    JSON.convertValue(milestone.get("metadata"), METADATA)));
        }
        return milestones;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /** PostgreSQL writes a timestamptz into JSON as an ISO date-time with its offset. */
    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asInt();
    }

    private static Instant time(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }
}
