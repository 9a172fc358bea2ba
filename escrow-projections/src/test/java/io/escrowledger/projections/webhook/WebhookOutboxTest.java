package io.escrowledger.projections.webhook;

import io.escrowledger.projections.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How delivery workers claim messages: a batch of one endpoint at a time, each escrow's messages in order up to the
 * first that waits for a retry, no endpoint holding up the others, a lost batch taken over once its lease runs out,
 * and every outcome recorded by the claim that made it. On a database of its own, so the claims see only these
 * messages.
 */
class WebhookOutboxTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final TestDatabase DATABASE = TestDatabase.separate();

    private final JdbcClient jdbc = JdbcClient.create(DATABASE.migratedDataSource());
    private final Instant now = Instant.parse("2026-11-21T10:00:00Z");
    private final WebhookOutbox outbox = new WebhookOutbox(jdbc, Clock.fixed(now, ZoneOffset.UTC));
    private WebhookEndpoint endpoint;
    private WebhookEndpoint otherEndpoint;

    @AfterAll
    static void dropTheDatabase() {
        DATABASE.close();
    }

    @BeforeEach
    void endpoints() {
        jdbc.sql("DELETE FROM webhook_attempts").update();
        jdbc.sql("DELETE FROM webhook_messages").update();
        endpoint = endpoint();
        otherEndpoint = endpoint();
    }

    @Test
    void aBatchHoldsOneEndpointsMessagesInOrderAndTheEndpointTakesNoOtherBatchMeanwhile() {
        String first = "esc_" + UUID.randomUUID();
        String second = "esc_" + UUID.randomUUID();
        enqueue(endpoint, first, 0);
        enqueue(endpoint, second, 0);
        enqueue(endpoint, first, 1);
        enqueue(otherEndpoint, "esc_" + UUID.randomUUID(), 0);

        List<WebhookMessage> batch = claim();
        assertThat(batch).extracting(WebhookMessage::endpointId).containsOnly(batch.get(0).endpointId());
        WebhookMessage anyOfTheFirst = batch.get(0);
        List<WebhookMessage> other = claim();
        assertThat(other).extracting(WebhookMessage::endpointId).doesNotContain(anyOfTheFirst.endpointId())
                         .hasSize(1);
        assertThat(claim()).as("both endpoints have a batch under way").isEmpty();

        List<WebhookMessage> toEndpoint = batch.get(0).endpointId().equals(endpoint.endpointId()) ? batch : other;
        assertThat(toEndpoint).extracting(WebhookMessage::escrowId).containsExactlyInAnyOrder(first, first, second);
        assertThat(toEndpoint).filteredOn(message -> message.escrowId().equals(first))
                              .extracting(WebhookMessage::sequence).containsExactly(0L, 1L);
        assertThat(toEndpoint).allSatisfy(message -> assertThat(message.attemptCount()).isEqualTo(1));
    }

    @Test
    void aBatchTakesAtMostTheGivenNumberOfAnEscrowsMessagesAndTheRestFollowInTheNextBatch() {
        String escrow = "esc_" + UUID.randomUUID();
        for (int sequence = 0; sequence < 3; sequence++) {
            enqueue(endpoint, escrow, sequence);
        }

        List<WebhookMessage> batch = outbox.claimBatch(LEASE, 100, 2);
        assertThat(batch).extracting(WebhookMessage::sequence).containsExactly(0L, 1L);
        outbox.record(batch.stream().map(message -> WebhookOutbox.Outcome.delivered(message, 204, 3)).toList());

        assertThat(claim()).extracting(WebhookMessage::sequence).containsExactly(2L);
    }

    @Test
    void aMessageWaitingForItsRetryHoldsBackItsEscrowsLaterMessagesButNotOtherEscrows() {
        List<WebhookMessage> batch = twoMessagesOfAnEscrowTheFirstWaitingForItsRetry();
        String other = "esc_" + UUID.randomUUID();
        enqueue(endpoint, other, 0);

        assertThat(claim()).extracting(WebhookMessage::escrowId).containsExactly(other);
        assertThat(attemptCounts(batch)).as("the message held back was not attempted").containsExactly(1, 0);
        assertThat(states(batch)).containsExactly("PENDING", "PENDING");
    }

    @Test
    void anEndpointWhoseDueMessagesAllWaitForARetryDoesNotHoldUpOtherEndpoints() {
        twoMessagesOfAnEscrowTheFirstWaitingForItsRetry();
        enqueue(otherEndpoint, "esc_" + UUID.randomUUID(), 0);

        assertThat(claim()).extracting(WebhookMessage::endpointId).containsExactly(otherEndpoint.endpointId());
        assertThat(claim()).as("the first endpoint's due message waits for its escrow's retry").isEmpty();
    }

    @Test
    void aBatchWhoseLeaseRanOutIsClaimedAgainAndItsFirstWorkerCanNoLongerRecordAnOutcome() {
        enqueue(endpoint, "esc_" + UUID.randomUUID(), 0);
        WebhookMessage lost = claim().get(0);

        WebhookOutbox later = new WebhookOutbox(jdbc, Clock.fixed(now.plus(LEASE).plusSeconds(1), ZoneOffset.UTC));
        WebhookMessage retaken = later.claimBatch(LEASE, 100, 10).get(0);
        assertThat(retaken.messageId()).isEqualTo(lost.messageId());
        assertThat(retaken.attemptCount()).as("the lost attempt stays counted").isEqualTo(2);

        outbox.record(List.of(WebhookOutbox.Outcome.delivered(lost, 204, 3)));
        assertThat(states(List.of(lost))).containsExactly("SENDING");
        later.record(List.of(WebhookOutbox.Outcome.delivered(retaken, 204, 3)));
        assertThat(states(List.of(lost))).containsExactly("DELIVERED");
        assertThat(jdbc.sql("SELECT count(*) FROM webhook_attempts WHERE message_id = ?").param(lost.messageId())
                       .query(Long.class).single()).as("both attempts are on record").isEqualTo(2);
    }

    @Test
    void aWorkerWhoseLeaseRanOutCannotRecordAnOutcomeEvenAfterAManualRetryRestartedTheCount() {
        enqueue(endpoint, "esc_" + UUID.randomUUID(), 0);
        WebhookMessage lost = claim().get(0);
        // Its lease ran out and the message went back to the queue; then the integrator asked for a retry.
        jdbc.sql("UPDATE webhook_messages SET state = 'PENDING', locked_until = NULL WHERE message_id = ?")
            .param(lost.messageId()).update();
        assertThat(outbox.retryNow("int_outbox_test", lost.messageId())).isPresent();

        WebhookOutbox later = new WebhookOutbox(jdbc, Clock.fixed(now.plus(LEASE).plusSeconds(1), ZoneOffset.UTC));
        WebhookMessage retaken = later.claimBatch(LEASE, 100, 10).get(0);
        assertThat(retaken.attemptCount()).as("the same attempt number as the lost claim").isEqualTo(lost.attemptCount());

        outbox.record(List.of(WebhookOutbox.Outcome.delivered(lost, 204, 3)));
        assertThat(states(List.of(lost))).containsExactly("SENDING");
        later.record(List.of(WebhookOutbox.Outcome.failed(retaken, 503, "unavailable", 3, now.plus(Duration.ofHours(1)))));
        assertThat(states(List.of(lost))).containsExactly("PENDING");
    }

    @Test
    void oneStatementRecordsABatchOfDifferentOutcomes() {
        for (int escrow = 0; escrow < 3; escrow++) {
            enqueue(endpoint, "esc_" + UUID.randomUUID(), 0);
        }
        List<WebhookMessage> batch = claim();

        outbox.record(List.of(WebhookOutbox.Outcome.delivered(batch.get(0), 200, 4),
                WebhookOutbox.Outcome.failed(batch.get(1), 500, "HTTP 500", 6, now.plusSeconds(5)),
                WebhookOutbox.Outcome.failed(batch.get(2), null, "ConnectException", 1, null)));

        assertThat(states(batch)).containsExactly("DELIVERED", "PENDING", "DEAD");
        assertThat(jdbc.sql("SELECT status_code FROM webhook_attempts WHERE message_id = ?")
                       .param(batch.get(1).messageId()).query(Integer.class).single()).isEqualTo(500);
        assertThat(outbox.find("int_outbox_test", batch.get(1).messageId()).orElseThrow().nextAttemptAt())
                .isEqualTo(now.plusSeconds(5));
    }

    /** An escrow's two messages to the first endpoint: the first failed and waits an hour, the second held back. */
    private List<WebhookMessage> twoMessagesOfAnEscrowTheFirstWaitingForItsRetry() {
        String escrow = "esc_" + UUID.randomUUID();
        enqueue(endpoint, escrow, 0);
        enqueue(endpoint, escrow, 1);
        List<WebhookMessage> batch = claim();
        outbox.record(List.of(
                WebhookOutbox.Outcome.failed(batch.get(0), 503, "unavailable", 5, now.plus(Duration.ofHours(1))),
                WebhookOutbox.Outcome.notAttempted(batch.get(1))));
        return batch;
    }

    private List<WebhookMessage> claim() {
        return outbox.claimBatch(LEASE, 100, 10);
    }

    private List<String> states(List<WebhookMessage> messages) {
        return messages.stream().map(message -> jdbc.sql("SELECT state FROM webhook_messages WHERE message_id = ?")
                                                    .param(message.messageId()).query(String.class).single()).toList();
    }

    private List<Integer> attemptCounts(List<WebhookMessage> messages) {
        return messages.stream().map(message -> jdbc.sql("SELECT attempt_count FROM webhook_messages "
                                                         + "WHERE message_id = ?")
                                                    .param(message.messageId()).query(Integer.class).single()).toList();
    }

    private void enqueue(WebhookEndpoint to, String escrowId, long sequence) {
        outbox.enqueue(to, "evt_" + UUID.randomUUID(), WebhookEventType.ESCROW_CREATED, escrowId, sequence, "", "{}",
                null);
    }

    private WebhookEndpoint endpoint() {
        String id = "whe_" + UUID.randomUUID();
        jdbc.sql("""
                 INSERT INTO webhook_endpoints (endpoint_id, integrator_id, url, enabled, secret_ciphertext, created_at,
                                                updated_at)
                 VALUES (?, 'int_outbox_test', 'https://example.com/hooks', true, 'x', now(), now())""")
            .param(id).update();
        return new WebhookEndpoint(id, "int_outbox_test", "https://example.com/hooks", null, null, true, null, now, now);
    }
}
