package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.CreateEscrowCommand;
import io.escrowledger.domain.escrow.command.DecideDisputeCommand;
import io.escrowledger.domain.escrow.command.DeclareFundsHeldCommand;
import io.escrowledger.domain.escrow.command.OpenDisputeCommand;
import io.escrowledger.domain.escrow.command.ReleaseFundsCommand;
import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowExpiredEvent;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.MilestoneOverdueEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.policy.EscrowCreationPolicy;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.FundingSource;
import io.escrowledger.domain.escrow.value.Payout;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.escrowledger.domain.escrow.EscrowSamples.*;
import static io.escrowledger.domain.support.Refusals.expectRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** Expiry and milestone deadlines: recorded as events when their time comes, never read from a clock. */
class ExpiryTest {

    private static final Instant EXPIRES_AT = Instant.parse("2025-01-18T10:00:00Z");

    private AggregateTestFixture<Escrow> fixture;
    private RecordingVaultFunding vaults;

    @BeforeEach
    void setUp() {
        vaults = new RecordingVaultFunding();
        fixture = escrowFixture(vaults);
    }

    private static CreateEscrowCommand createExpiring(FundingSource funding, Instant expiresAt) {
        return new CreateEscrowCommand(ESCROW_ID, INTEGRATOR, "order_12345", usd(50000), List.of(DESIGN, DEVELOPMENT),
                funding, null, expiresAt, CREATED_AT);
    }

    private static EscrowCreatedEvent createdExpiring() {
        return new EscrowCreatedEvent(ESCROW_ID, INTEGRATOR, "order_12345", usd(50000), List.of(DESIGN, DEVELOPMENT),
                null, EXPIRES_AT, CREATED_AT);
    }

    @Test
    void expiryIsScheduledAtCreation() {
        fixture.givenCurrentTime(CREATED_AT)
               .when(createExpiring(null, EXPIRES_AT))
               .expectEvents(createdExpiring())
               .expectScheduledDeadline(EXPIRES_AT, new EscrowDeadlines.ExpiryDue(EXPIRES_AT));
    }

    @Test
    void aVaultFundedEscrowExpiresAfterADayByDefault() {
        Instant aDayLater = CREATED_AT.plus(EscrowCreationPolicy.DEFAULT_VAULT_EXPIRY);
        fixture.givenCurrentTime(CREATED_AT)
               .when(createExpiring(new FundingSource("vlt_1", null, null), null))
               .expectScheduledDeadline(aDayLater, new EscrowDeadlines.ExpiryDue(aDayLater));
    }

    @Test
    void expiryRefundsEverythingStillHeld() {
        fixture.givenCurrentTime(CREATED_AT)
               .andGivenCommands(createExpiring(null, EXPIRES_AT))
               .andGiven(fundsHeld())
               .whenThenTimeAdvancesTo(EXPIRES_AT)
               .expectDeadlinesMet(new EscrowDeadlines.ExpiryDue(EXPIRES_AT))
               .expectEvents(new EscrowExpiredEvent(ESCROW_ID, usd(50000), null, EXPIRES_AT),
                       new MilestoneRefundedEvent(ESCROW_ID, "ms_design", usd(20000), EXPIRES_AT),
                       new MilestoneRefundedEvent(ESCROW_ID, "ms_development", usd(30000), EXPIRES_AT),
                       new EscrowClosedEvent(ESCROW_ID, EscrowState.REFUNDED, usd(0), usd(50000), EXPIRES_AT));
    }

    @Test
    void expiryRefundsOnlyWhatWasNotReleased() {
        fixture.givenCurrentTime(CREATED_AT)
               .andGivenCommands(createExpiring(null, EXPIRES_AT))
               .andGiven(fundsHeld(), new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(20000), FUNDED_AT))
               .whenThenTimeAdvancesTo(EXPIRES_AT)
               .expectEvents(new EscrowExpiredEvent(ESCROW_ID, usd(30000), null, EXPIRES_AT),
                       new MilestoneRefundedEvent(ESCROW_ID, "ms_development", usd(30000), EXPIRES_AT),
                       new EscrowClosedEvent(ESCROW_ID, EscrowState.SETTLED, usd(20000), usd(30000), EXPIRES_AT));
    }

    @Test
    void aVaultFundedEscrowReturnsItsMoneyToTheVault() {
        fixture.givenCurrentTime(CREATED_AT)
               .andGivenCommands(createExpiring(new FundingSource("vlt_1", "agt_1", "mrc_1"), EXPIRES_AT))
               .whenThenTimeAdvancesTo(EXPIRES_AT)
               .expectEvents(new EscrowExpiredEvent(ESCROW_ID, usd(50000), null, EXPIRES_AT),
                       new MilestoneRefundedEvent(ESCROW_ID, "ms_design", usd(20000), EXPIRES_AT),
                       new MilestoneRefundedEvent(ESCROW_ID, "ms_development", usd(30000), EXPIRES_AT),
                       new EscrowClosedEvent(ESCROW_ID, EscrowState.REFUNDED, usd(0), usd(50000), EXPIRES_AT));
        assertThat(vaults.calls).containsExactly("hold vlt_1 50000", "settle vlt_1 mrc_1 released 0 refunded 50000");
    }

    @Test
    void expiryDuringADisputeWaitsForTheDecision() {
        fixture.givenCurrentTime(CREATED_AT)
               .andGivenCommands(createExpiring(null, EXPIRES_AT))
               .andGiven(fundsHeld(), disputeOpened())
               .whenThenTimeAdvancesTo(EXPIRES_AT)
               .expectEvents(new EscrowExpiredEvent(ESCROW_ID, usd(50000), DISPUTE_ID, EXPIRES_AT));
    }

    @Test
    void theDecisionAfterAnExpiryDuringTheDisputePaysOutAsDecided() {
        Instant decidedAt = EXPIRES_AT.plusSeconds(3600);
        fixture.given(createdExpiring(), fundsHeld(), disputeOpened(),
                       new EscrowExpiredEvent(ESCROW_ID, usd(50000), DISPUTE_ID, EXPIRES_AT),
                       new EvidenceLockedEvent(ESCROW_ID, DISPUTE_ID, 0, EvidenceDigest.of(List.of()), LOCKED_AT))
               .when(new DecideDisputeCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, DisputeOutcome.RELEASE, null,
                       "Delivered in full", decidedAt))
               .expectEvents(new DisputeResolvedEvent(ESCROW_ID, DISPUTE_ID, DisputeOutcome.RELEASE,
                               Ratio.ALL_TO_CONTRACTOR, "Delivered in full", usd(50000), new Payout(usd(0), usd(50000)),
                               null, decidedAt),
                       new EscrowClosedEvent(ESCROW_ID, EscrowState.RESOLVED, usd(50000), usd(0), decidedAt));
    }

    @Test
    void aReleaseAfterTheExpiryIsRefused() {
        expectRefused(fixture.given(createdExpiring(), fundsHeld(),
                                     new EscrowExpiredEvent(ESCROW_ID, usd(50000), null, EXPIRES_AT),
                                     new MilestoneRefundedEvent(ESCROW_ID, "ms_design", usd(20000), EXPIRES_AT),
                                     new MilestoneRefundedEvent(ESCROW_ID, "ms_development", usd(30000), EXPIRES_AT),
                                     new EscrowClosedEvent(ESCROW_ID, EscrowState.REFUNDED, usd(0), usd(50000), EXPIRES_AT))
                             .when(new ReleaseFundsCommand(ESCROW_ID, INTEGRATOR, null, EXPIRES_AT.plusSeconds(1))),
                ErrorCode.ESCROW_EXPIRED);
    }

    @Test
    void aReleaseAtTheExpiryIsRefusedEvenBeforeTheDeadlineFires() {
        expectRefused(fixture.given(createdExpiring(), fundsHeld())
                             .when(new ReleaseFundsCommand(ESCROW_ID, INTEGRATOR, null, EXPIRES_AT)),
                ErrorCode.ESCROW_EXPIRED);
    }

    @Test
    void anEscrowReleasedBeforeItsExpiryIsRefusedForBeingClosedAfterIt() {
        expectRefused(fixture.given(createdExpiring(), fundsHeld(),
                                     new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(20000), FUNDED_AT),
                                     new MilestoneReleasedEvent(ESCROW_ID, "ms_development", usd(30000), FUNDED_AT),
                                     new EscrowClosedEvent(ESCROW_ID, EscrowState.RELEASED, usd(50000), usd(0), FUNDED_AT))
                             .when(new ReleaseFundsCommand(ESCROW_ID, INTEGRATOR, null, EXPIRES_AT.plusSeconds(1))),
                ErrorCode.INVALID_STATE_TRANSITION);
    }

    @Test
    void noDisputeCanBeOpenedAfterTheExpiry() {
        expectRefused(fixture.given(createdExpiring(), fundsHeld())
                             .when(new OpenDisputeCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, DisputeReason.OTHER, null,
                                     CLIENT, EXPIRES_AT.plusSeconds(1), null)),
                ErrorCode.ESCROW_EXPIRED);
    }

    @Test
    void anEscrowNeverFundedExpiresAndTakesNoFundsAfterwards() {
        fixture.givenCurrentTime(CREATED_AT)
               .andGivenCommands(createExpiring(null, EXPIRES_AT))
               .whenThenTimeAdvancesTo(EXPIRES_AT)
               .expectEvents(new EscrowExpiredEvent(ESCROW_ID, usd(0), null, EXPIRES_AT));
        expectRefused(fixture.given(createdExpiring(), new EscrowExpiredEvent(ESCROW_ID, usd(0), null, EXPIRES_AT))
                             .when(new DeclareFundsHeldCommand(ESCROW_ID, INTEGRATOR, "pi_1", LATER, LATER)),
                ErrorCode.ESCROW_EXPIRED);
    }

    @Test
    void anExpiryThatFiresAgainChangesNothing() {
        fixture.givenCurrentTime(CREATED_AT)
               .andGivenCommands(createExpiring(null, EXPIRES_AT))
               .andGiven(fundsHeld(), new EscrowExpiredEvent(ESCROW_ID, usd(50000), null, EXPIRES_AT),
                       new MilestoneRefundedEvent(ESCROW_ID, "ms_design", usd(20000), EXPIRES_AT),
                       new MilestoneRefundedEvent(ESCROW_ID, "ms_development", usd(30000), EXPIRES_AT),
                       new EscrowClosedEvent(ESCROW_ID, EscrowState.REFUNDED, usd(0), usd(50000), EXPIRES_AT))
               .whenThenTimeAdvancesTo(EXPIRES_AT)
               .expectDeadlinesMet(new EscrowDeadlines.ExpiryDue(EXPIRES_AT))
               .expectNoEvents();
    }

    @Test
    void anExpiryInThePastIsRefused() {
        expectRefused(fixture.givenNoPriorActivity().when(createExpiring(null, CREATED_AT)),
                ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void aMilestoneWhoseDeadlinePassesUndeliveredIsOverdueOnce() {
        Instant afterBoth = DEVELOPMENT.deadline().plusSeconds(1);
        fixture.givenCurrentTime(CREATED_AT)
               .andGivenCommands(createExpiring(null, null))
               .andGiven(fundsHeld(), designDelivered())
               .whenThenTimeAdvancesTo(afterBoth)
               .expectDeadlinesMet(new EscrowDeadlines.MilestoneDue("ms_design", DESIGN.deadline()),
                       new EscrowDeadlines.MilestoneDue("ms_development", DEVELOPMENT.deadline()))
               .expectEvents(new MilestoneOverdueEvent(ESCROW_ID, "ms_development", DEVELOPMENT.deadline()));
    }

    @Test
    void aClosedEscrowHasNoOverdueMilestones() {
        fixture.givenCurrentTime(CREATED_AT)
               .andGivenCommands(createExpiring(null, null))
               .andGiven(fundsHeld(), new MilestoneRefundedEvent(ESCROW_ID, "ms_design", usd(20000), LATER),
                       new MilestoneRefundedEvent(ESCROW_ID, "ms_development", usd(30000), LATER),
                       new EscrowClosedEvent(ESCROW_ID, EscrowState.REFUNDED, usd(0), usd(50000), LATER))
               .whenThenTimeAdvancesTo(DEVELOPMENT.deadline())
               .expectNoEvents();
    }
}
