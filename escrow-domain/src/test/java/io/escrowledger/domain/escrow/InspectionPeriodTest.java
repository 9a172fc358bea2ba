package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.CreateEscrowCommand;
import io.escrowledger.domain.escrow.command.OpenDisputeCommand;
import io.escrowledger.domain.escrow.command.SubmitDeliverableCommand;
import io.escrowledger.domain.escrow.event.DeliverableSubmittedEvent;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowExpiredEvent;
import io.escrowledger.domain.escrow.event.FundsReversedEvent;
import io.escrowledger.domain.escrow.event.InspectionPeriodElapsedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.escrowledger.domain.escrow.EscrowSamples.*;
import static io.escrowledger.domain.support.Refusals.expectRefused;

/**
 * A milestone's inspection period (Trustap's complaint period, Escrow.com's inspection period): released that many
 * hours after its first deliverable unless a dispute is opened first.
 */
class InspectionPeriodTest {

    private static final int HOURS = 72;
    private static final MilestoneTerms DESIGN_INSPECTED =
            new MilestoneTerms("ms_design", usd(20000), null, HOURS);
    private static final MilestoneTerms DEVELOPMENT_INSPECTED =
            new MilestoneTerms("ms_development", usd(30000), null, HOURS);
    private static final Instant DELIVERED_AT = LATER;
    private static final Instant ENDS_AT = DELIVERED_AT.plus(Duration.ofHours(HOURS));
    private static final EscrowDeadlines.InspectionDue DESIGN_DUE =
            new EscrowDeadlines.InspectionDue("ms_design", HOURS, DELIVERED_AT, ENDS_AT);

    private AggregateTestFixture<Escrow> fixture;

    @BeforeEach
    void setUp() {
        fixture = escrowFixture();
    }

    private static EscrowCreatedEvent createdInspected(MilestoneTerms... milestones) {
        return new EscrowCreatedEvent(ESCROW_ID, INTEGRATOR, "order_12345", usd(50000), List.of(milestones), null,
                null, CREATED_AT);
    }

    private static SubmitDeliverableCommand deliverDesign(Instant at) {
        return new SubmitDeliverableCommand(ESCROW_ID, INTEGRATOR, "ms_design", PULL_REQUEST, at);
    }

    @Test
    void theFirstDeliverableStartsTheInspectionPeriod() {
        fixture.given(createdInspected(DESIGN_INSPECTED, DEVELOPMENT), fundsHeld())
               .when(deliverDesign(DELIVERED_AT))
               .expectEvents(new DeliverableSubmittedEvent(ESCROW_ID, "ms_design", PULL_REQUEST, DELIVERED_AT))
               .expectScheduledDeadline(ENDS_AT, DESIGN_DUE);
    }

    @Test
    void aMilestoneWithoutInspectionPeriodSchedulesNothing() {
        fixture.given(created(), fundsHeld())
               .when(deliverDesign(DELIVERED_AT))
               .expectNoScheduledDeadlines();
    }

    @Test
    void aLaterDeliverableDoesNotRestartThePeriod() {
        fixture.given(createdInspected(DESIGN_INSPECTED, DEVELOPMENT), fundsHeld(),
                       new DeliverableSubmittedEvent(ESCROW_ID, "ms_design", PULL_REQUEST, DELIVERED_AT))
               .when(deliverDesign(DELIVERED_AT.plusSeconds(3600)))
               .expectNoScheduledDeadlines();
    }

    @Test
    void theEndOfThePeriodReleasesTheMilestoneWithTheRuleThatCausedIt() {
        fixture.givenCurrentTime(CREATED_AT)
               .andGiven(createdInspected(DESIGN_INSPECTED, DEVELOPMENT), fundsHeld())
               .andGivenCommands(deliverDesign(DELIVERED_AT))
               .whenThenTimeAdvancesTo(ENDS_AT)
               .expectDeadlinesMet(DESIGN_DUE)
               .expectEvents(new InspectionPeriodElapsedEvent(ESCROW_ID, "ms_design", HOURS, DELIVERED_AT, ENDS_AT),
                       new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(20000), ENDS_AT));
    }

    @Test
    void releasingTheLastHeldMilestoneClosesTheEscrow() {
        fixture.givenCurrentTime(CREATED_AT)
               .andGiven(createdInspected(DESIGN_INSPECTED, DEVELOPMENT_INSPECTED), fundsHeld(),
                       new MilestoneReleasedEvent(ESCROW_ID, "ms_development", usd(30000), FUNDED_AT))
               .andGivenCommands(deliverDesign(DELIVERED_AT))
               .whenThenTimeAdvancesTo(ENDS_AT)
               .expectEvents(new InspectionPeriodElapsedEvent(ESCROW_ID, "ms_design", HOURS, DELIVERED_AT, ENDS_AT),
                       new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(20000), ENDS_AT),
                       new EscrowClosedEvent(ESCROW_ID, EscrowState.RELEASED, usd(50000), usd(0), ENDS_AT));
    }

    @Test
    void aDisputeStopsThePeriod() {
        fixture.givenCurrentTime(CREATED_AT)
               .andGiven(createdInspected(DESIGN_INSPECTED, DEVELOPMENT), fundsHeld())
               .andGivenCommands(deliverDesign(DELIVERED_AT),
                       new OpenDisputeCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, DisputeReason.QUALITY_ISSUE, null,
                               CLIENT, DELIVERED_AT.plusSeconds(60), null))
               .whenThenTimeAdvancesTo(ENDS_AT)
               .expectDeadlinesMet(DESIGN_DUE)
               .expectNoEvents();
    }

    @Test
    void aMilestoneReleasedBeforeTheEndIsNotReleasedAgain() {
        fixture.givenCurrentTime(CREATED_AT)
               .andGiven(createdInspected(DESIGN_INSPECTED, DEVELOPMENT), fundsHeld())
               .andGivenCommands(deliverDesign(DELIVERED_AT))
               .andGiven(new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(20000), DELIVERED_AT))
               .whenThenTimeAdvancesTo(ENDS_AT)
               .expectNoEvents();
    }

    @Test
    void aReversedFundingPaymentReleasesNothingAtTheEnd() {
        // A chargeback freezes the escrow: the money is gone, so the period's end pays the contractor nothing.
        fixture.givenCurrentTime(CREATED_AT)
               .andGiven(createdInspected(DESIGN_INSPECTED, DEVELOPMENT), fundsHeld())
               .andGivenCommands(deliverDesign(DELIVERED_AT))
               .andGiven(new FundsReversedEvent(ESCROW_ID, "pi_stripe_xyz", "chargeback", usd(50000), null,
                       DELIVERED_AT.plusSeconds(60), DELIVERED_AT.plusSeconds(60)))
               .whenThenTimeAdvancesTo(ENDS_AT)
               .expectNoEvents();
    }

    @Test
    void anEscrowExpiredBeforeTheEndReleasesNothing() {
        fixture.givenCurrentTime(CREATED_AT)
               .andGiven(createdInspected(DESIGN_INSPECTED, DEVELOPMENT), fundsHeld())
               .andGivenCommands(deliverDesign(DELIVERED_AT))
               .andGiven(new EscrowExpiredEvent(ESCROW_ID, usd(50000), DISPUTE_ID, DELIVERED_AT.plusSeconds(60)))
               .whenThenTimeAdvancesTo(ENDS_AT)
               .expectNoEvents();
    }

    @Test
    void cannotCreateAMilestoneWithAnInspectionPeriodOfNoHours() {
        expectRefused(fixture.givenNoPriorActivity().when(new CreateEscrowCommand(ESCROW_ID, INTEGRATOR, null,
                usd(20000), List.of(new MilestoneTerms("ms_design", usd(20000), null, 0)), null, null, null,
                CREATED_AT)), ErrorCode.VALIDATION_FAILED);
    }
}
