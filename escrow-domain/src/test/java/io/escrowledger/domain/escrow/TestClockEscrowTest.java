package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.CreateEscrowCommand;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.escrowledger.domain.escrow.EscrowSamples.*;

/**
 * An escrow on a test clock: its creation records the clock, and its deadlines are the same deadlines, due at the
 * same instants, firing as any other's (ExpiryTest): where they are kept, and when they fire, is the API's business
 * (docs/architecture.md).
 */
class TestClockEscrowTest {

    private static final String CLOCK = "clk_0190a5c4-8f00-7000-8000-0000000000c1";
    private static final Instant EXPIRES_AT = Instant.parse("2025-01-22T10:00:00Z");

    private AggregateTestFixture<Escrow> fixture;

    @BeforeEach
    void setUp() {
        fixture = escrowFixture();
    }

    private static CreateEscrowCommand createOnClock(String clock) {
        return new CreateEscrowCommand(ESCROW_ID, INTEGRATOR, "order_12345", usd(50000), List.of(DESIGN, DEVELOPMENT),
                null, null, EXPIRES_AT, CREATED_AT, null, clock);
    }

    private static EscrowCreatedEvent createdOnClock(String clock) {
        return new EscrowCreatedEvent(ESCROW_ID, INTEGRATOR, "order_12345", usd(50000), List.of(DESIGN, DEVELOPMENT),
                null, EXPIRES_AT, CREATED_AT, null, clock);
    }

    @Test
    void creationRecordsTheTestClock() {
        fixture.givenCurrentTime(CREATED_AT)
               .when(createOnClock(CLOCK))
               .expectEvents(createdOnClock(CLOCK))
               .expectScheduledDeadline(EXPIRES_AT, new EscrowDeadlines.ExpiryDue(EXPIRES_AT));
    }

    @Test
    void anEscrowOnRealTimeRecordsNoClock() {
        fixture.givenCurrentTime(CREATED_AT)
               .when(createOnClock(null))
               .expectEvents(createdOnClock(null));
    }
}
