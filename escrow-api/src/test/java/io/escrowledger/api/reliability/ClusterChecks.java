package io.escrowledger.api.reliability;

import io.escrowledger.api.support.NodeProcess;
import io.escrowledger.api.support.ServiceNodes;
import io.escrowledger.api.support.TestReceiver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What must hold across the nodes once the load is over, read from the database they share and from their own
 * endpoints: the read models say what the events say, the processors have caught up, the webhooks arrived, the ledger
 * balances and the hash chains verify.
 */
final class ClusterChecks {


    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ServiceNodes cluster;

    ClusterChecks(ServiceNodes cluster) {
        this.cluster = cluster;
    }

    /**
     * Escrows whose read models disagree with their events, each with what disagrees. The money is recomputed from
     * the events themselves (milestones released and refunded, dispute payouts); both the escrow read model and the
     * analytics one (each written in the command's transaction) must show it, and must have applied exactly the last
     * event: an event applied twice or skipped shows here.
     */
    List<String> readModelMismatches() {
        return cluster.jdbc().sql("""
                WITH events AS (
                    SELECT aggregate_identifier AS escrow_id, sequence_number,
                           substring(payload_type from '[^.]+$') AS kind,
                           convert_from(payload, 'UTF8')::jsonb AS body
                    FROM domain_event_entry WHERE type = 'Escrow'),
                money AS (
                    SELECT escrow_id, count(*) AS events, max(sequence_number) AS last_sequence,
                           coalesce(sum(CASE WHEN kind IN ('FundsHeldEvent', 'EscrowFundedFromVaultEvent')
                                             THEN (body -> 'amount' ->> 'minorUnits')::bigint END), 0) AS funded,
                           coalesce(sum(CASE kind
                                        WHEN 'MilestoneReleasedEvent' THEN (body -> 'amount' ->> 'minorUnits')::bigint
                                        WHEN 'DisputeResolvedEvent'
                                            THEN (body -> 'payout' -> 'contractor' ->> 'minorUnits')::bigint END), 0)
                               AS released,
                           coalesce(sum(CASE kind
                                        WHEN 'MilestoneRefundedEvent' THEN (body -> 'amount' ->> 'minorUnits')::bigint
                                        WHEN 'DisputeResolvedEvent'
                                            THEN (body -> 'payout' -> 'client' ->> 'minorUnits')::bigint END), 0)
                               AS refunded
                    FROM events GROUP BY escrow_id)
                SELECT m.escrow_id, m.events, m.last_sequence, m.funded, m.released, m.refunded,
                       r.last_event_sequence AS r_sequence, r.held_amount AS r_held, r.released_amount AS r_released,
                       r.refunded_amount AS r_refunded, r.state AS r_state,
                       a.last_event_sequence AS a_sequence, a.held_amount AS a_held, a.released_amount AS a_released,
                       a.refunded_amount AS a_refunded, a.state AS a_state
                FROM money m
                LEFT JOIN escrows r ON r.escrow_id = m.escrow_id
                LEFT JOIN analytics.escrows a ON a.escrow_id = m.escrow_id
                WHERE m.events <> m.last_sequence + 1
                   OR r.escrow_id IS NULL OR a.escrow_id IS NULL
                   OR r.last_event_sequence <> m.last_sequence OR a.last_event_sequence <> m.last_sequence
                   OR r.released_amount <> m.released OR a.released_amount <> m.released
                   OR r.refunded_amount <> m.refunded OR a.refunded_amount <> m.refunded
                   OR r.held_amount <> m.funded - m.released - m.refunded
                   OR a.held_amount <> m.funded - m.released - m.refunded
                   OR a.state <> r.state""")
                .query((row, n) -> ("%s: %d events (last %d), funded %d released %d refunded %d; escrows: last %s "
                                   + "held %s released %s refunded %s %s; analytics: last %s held %s released %s "
                                   + "refunded %s %s").formatted(
                        row.getString("escrow_id"), row.getLong("events"), row.getLong("last_sequence"),
                        row.getLong("funded"), row.getLong("released"), row.getLong("refunded"),
                        row.getObject("r_sequence"), row.getObject("r_held"), row.getObject("r_released"),
                        row.getObject("r_refunded"), row.getString("r_state"), row.getObject("a_sequence"),
                        row.getObject("a_held"), row.getObject("a_released"), row.getObject("a_refunded"),
                        row.getString("a_state")))
                .list();
    }

    long escrowsStored() {
        return cluster.jdbc().sql("SELECT count(*) FROM escrows").query(Long.class).single();
    }

    long eventsStored() {
        return cluster.jdbc().sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
    }

    /** How many events of this type (its stable name, or the class name it was stored under before) the escrow has. */
    long events(String escrowId, String type) {
        return cluster.jdbc().sql("""
                       SELECT count(*) FROM domain_event_entry
                       WHERE aggregate_identifier = ? AND substring(payload_type from '[^.]+$') = ?""")
                      .params(escrowId, type).query(Long.class).single();
    }

    /**
     * What the receiver got for these escrows' events: each event must arrive under one message id (webhook-id);
     * the same message arriving again is a duplicate delivery, which receivers deduplicate (docs/webhooks.md).
     */
    record Webhooks(int expected, int delivered, int missing, int duplicateDeliveries, int eventsUnderSeveralIds,
                    List<String> missingSample) {
    }

    Webhooks webhooks(TestReceiver receiver, Collection<String> escrowIds) {
        Set<String> expected = new HashSet<>(cluster.jdbc().sql("""
                SELECT 'evt_' || event_identifier FROM domain_event_entry WHERE aggregate_identifier = ANY(?)""")
                .param(escrowIds.toArray(String[]::new)).query(String.class).list());
        Map<String, Set<String>> messageIdsByEvent = new HashMap<>();
        Set<String> messageIds = new HashSet<>();
        int duplicates = 0;
        for (TestReceiver.Received received : receiver.accepted()) {
            String eventId = JSON.readTree(received.body()).path("id").asString();
            if (!messageIds.add(received.header("webhook-id"))) {
                duplicates++;
            }
            messageIdsByEvent.computeIfAbsent(eventId, id -> new HashSet<>()).add(received.header("webhook-id"));
        }
        List<String> missing = expected.stream().filter(id -> !messageIdsByEvent.containsKey(id)).sorted().toList();
        int several = (int) expected.stream().filter(id -> messageIdsByEvent.getOrDefault(id, Set.of()).size() > 1)
                                    .count();
        return new Webhooks(expected.size(), expected.size() - missing.size(), missing.size(), duplicates, several,
                missing.stream().limit(5).map(this::whereIs).toList());
    }

    /** Where a missing event's webhook is: its message's state and last error, or no message at all. */
    private String whereIs(String eventId) {
        String event = cluster.jdbc().sql("""
                SELECT global_index || ' ' || aggregate_identifier || '#' || sequence_number || ' '
                       || substring(payload_type from '[^.]+$') FROM domain_event_entry WHERE event_identifier = ?""")
                .param(eventId.substring("evt_".length())).query(String.class).optional().orElse("?");
        String message = cluster.jdbc().sql("""
                SELECT state || ' after ' || attempt_count || ' attempts: ' || coalesce(last_error, '-')
                FROM webhook_messages WHERE event_id = ?""")
                .param(eventId).query(String.class).optional().orElse("no message");
        return eventId + " (" + event + "): " + message;
    }

    /**
     * Waits until every event of these escrows was delivered, or until {@code patience} passed without a new delivery
     * (one message may take minutes: its attempts time out after 10 s, and a batch a killed node had claimed comes
     * back once its lease of twelve timeouts has run out; a message that never arrives stops the progress). What
     * arrived either way.
     */
    Webhooks awaitWebhooks(TestReceiver receiver, Collection<String> escrowIds, Duration patience) {
        Instant giveUp = Instant.now().plus(patience);
        Webhooks tally = webhooks(receiver, escrowIds);
        while (tally.missing() > 0 && Instant.now().isBefore(giveUp)) {
            pause();
            Webhooks now = webhooks(receiver, escrowIds);
            if (now.delivered() > tally.delivered()) {
                giveUp = Instant.now().plus(patience);
            }
            tally = now;
        }
        return tally;
    }

    /** GET /admin/v1/ledger/check: every ledger invariant of docs/ledger.md. */
    JsonNode ledgerCheck(NodeProcess node) {
        return cluster.admin(node).get("/admin/v1/ledger/check").json();
    }

    /** GET /admin/v1/audit/verification: every aggregate's hash chain. */
    JsonNode chainVerification(NodeProcess node) {
        return cluster.admin(node).get("/admin/v1/audit/verification").json();
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
