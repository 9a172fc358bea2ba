package io.escrowledger.projections.webhook;

import io.escrowledger.projections.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How delivery workers claim messages: one attempt per endpoint at a time, each escrow's messages in order, no endpoint
 * holding up the others, and a lost claim taken over once its lease runs out.
 */
class WebhookOutboxTest {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.shared().migratedDataSource());
    private final Instant now = Instant.parse("2026-11-21T10:00:00Z");
    private final WebhookOutbox outbox = new WebhookOutbox(jdbc, Clock.fixed(now, ZoneOffset.UTC));
    private WebhookEndpoint endpoint;
    private WebhookEndpoint otherEndpoint;

    @BeforeEach
    void endpoints() {
        endpoint = endpoint();
        otherEndpoint = endpoint();
    }

    @Test
    void anEndpointHasOneAttemptUnderWayAtATimeAndOtherEndpointsAreNotHeldUp() {
        for (int escrow = 0; escrow < 6; escrow++) {
            enqueue(endpoint, "esc_" + UUID.randomUUID(), 0);
        }
        enqueue(otherEndpoint, "esc_" + UUID.randomUUID(), 0);

        List<WebhookMessage> claimed = new ArrayList<>();
        for (Optional<WebhookMessage> next = claim(); next.isPresent(); next = claim()) {
            claimed.add(next.get());
        }

        List<WebhookMessage> toEndpoint = claimed.stream()
                                                 .filter(message -> message.endpointId().equals(endpoint.endpointId()))
                                                 .toList();
        assertThat(toEndpoint).hasSize(1);
        assertThat(claimed).filteredOn(message -> message.endpointId().equals(otherEndpoint.endpointId())).hasSize(1);
        outbox.delivered(toEndpoint.get(0), 204, 3);
        assertThat(claim()).get().extracting(WebhookMessage::endpointId).isEqualTo(endpoint.endpointId());
    }

    @Test
    void anEscrowsLaterMessageWaitsUntilTheEarlierOneIsDelivered() {
        WebhookMessage first = firstOfTwoMessagesOfOneEscrow();
        assertThat(first.sequence()).isZero();
        assertThat(claim()).isEmpty();

        outbox.delivered(first, 204, 3);
        assertThat(claim()).get().extracting(WebhookMessage::sequence).isEqualTo(1L);
    }

    @Test
    void anEndpointWhoseDueMessagesAllWaitForARetryDoesNotHoldUpOtherEndpoints() {
        WebhookMessage first = firstOfTwoMessagesOfOneEscrow();
        outbox.failed(first, 503, "unavailable", 5, now.plus(Duration.ofHours(1)));
        enqueue(otherEndpoint, "esc_" + UUID.randomUUID(), 0);

        assertThat(claim()).get().extracting(WebhookMessage::endpointId).isEqualTo(otherEndpoint.endpointId());
        assertThat(claim()).as("the first endpoint's next message waits for its escrow's retry").isEmpty();
    }

    @Test
    void aClaimWhoseLeaseRanOutIsClaimedAgainAndItsFirstWorkerCanNoLongerRecordAnOutcome() {
        enqueue(endpoint, "esc_" + UUID.randomUUID(), 0);
        WebhookMessage lost = claim().orElseThrow();
        assertThat(lost.attemptCount()).isEqualTo(1);

        WebhookOutbox later = new WebhookOutbox(jdbc, Clock.fixed(now.plus(LEASE).plusSeconds(1), ZoneOffset.UTC));
        WebhookMessage retaken = claim(later).orElseThrow();
        assertThat(retaken.messageId()).isEqualTo(lost.messageId());
        assertThat(retaken.attemptCount()).isEqualTo(2);

        outbox.delivered(lost, 204, 3);
        assertThat(state(lost)).isEqualTo("SENDING");
        later.delivered(retaken, 204, 3);
        assertThat(state(lost)).isEqualTo("DELIVERED");
        assertThat(jdbc.sql("SELECT count(*) FROM webhook_attempts WHERE message_id = ?").param(lost.messageId())
                       .query(Long.class).single()).as("both attempts are on record").isEqualTo(2);
    }

    @Test
    void aWorkerWhoseLeaseRanOutCannotRecordAnOutcomeEvenAfterAManualRetryRestartedTheCount() {
        enqueue(endpoint, "esc_" + UUID.randomUUID(), 0);
        WebhookMessage lost = claim().orElseThrow();
        // Its lease ran out and the claim was released; then the integrator asked for a retry.
        jdbc.sql("UPDATE webhook_messages SET state = 'PENDING', locked_until = NULL WHERE message_id = ?")
            .param(lost.messageId()).update();
        assertThat(outbox.retryNow("int_outbox_test", lost.messageId())).isPresent();

        WebhookOutbox later = new WebhookOutbox(jdbc, Clock.fixed(now.plus(LEASE).plusSeconds(1), ZoneOffset.UTC));
        WebhookMessage retaken = claim(later).orElseThrow();
        assertThat(retaken.attemptCount()).as("the same attempt number as the lost claim").isEqualTo(lost.attemptCount());

        outbox.delivered(lost, 204, 3);
        assertThat(state(lost)).isEqualTo("SENDING");
        later.failed(retaken, 503, "unavailable", 3, now.plus(Duration.ofHours(1)));
        assertThat(state(lost)).isEqualTo("PENDING");
    }

    /** Two messages of one escrow to the first endpoint; the first is claimed. */
    private WebhookMessage firstOfTwoMessagesOfOneEscrow() {
        String escrow = "esc_" + UUID.randomUUID();
        enqueue(endpoint, escrow, 0);
        enqueue(endpoint, escrow, 1);
        return claim().orElseThrow();
    }

    private String state(WebhookMessage message) {
        return jdbc.sql("SELECT state FROM webhook_messages WHERE message_id = ?").param(message.messageId())
                   .query(String.class).single();
    }

    private Optional<WebhookMessage> claim() {
        return claim(outbox);
    }

    private Optional<WebhookMessage> claim(WebhookOutbox from) {
        Optional<WebhookMessage> claimed = from.claimNext(LEASE);
        // Other tests share the database: only this test's endpoints count.
        return claimed.filter(message -> message.endpointId().equals(endpoint.endpointId())
                                         || message.endpointId().equals(otherEndpoint.endpointId()))
                      .or(() -> claimed.isPresent() ? claim(from) : Optional.empty());
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
