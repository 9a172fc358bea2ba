package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.DeclareFundsHeldCommand;
import io.escrowledger.domain.escrow.command.RefundFundsCommand;
import io.escrowledger.domain.escrow.command.ReleaseFundsCommand;
import io.escrowledger.domain.escrow.command.SubmitDeliverableCommand;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.escrowledger.domain.escrow.EscrowSamples.*;
import static io.escrowledger.domain.support.Refusals.expectRefused;
import static io.escrowledger.domain.support.Refusals.matching;

class EscrowTest {

    private AggregateTestFixture<Escrow> fixture;
    private InMemoryExternalIdRegistry externalIds;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Escrow.class);
        externalIds = new InMemoryExternalIdRegistry();
        fixture.registerInjectableResource(externalIds);
        fixture.registerInjectableResource(new RecordingVaultFunding());
    }

    /** Every refusal stores nothing and names its reason with a stable error code. */

    @Nested
    class Creation {

        @Test
        void canCreateEscrowWhoseMilestonesAddUpToTheTotal() {
            fixture.givenNoPriorActivity()
                   .when(createSeedEscrow())
                   .expectSuccessfulHandlerExecution()
                   .expectEvents(created());
        }

        @Test
        void cannotCreateEscrowWhoseMilestonesDoNotAddUp() {
            expectRefused(fixture.givenNoPriorActivity().when(create(usd(50001), DESIGN, DEVELOPMENT)),
                    ErrorCode.MILESTONES_SUM_MISMATCH);
        }

        @Test
        void cannotCreateEscrowWhoseMilestonesAddUpBeyondTheLargestAmount() {
            Money max = Money.of(Money.MAX_MINOR_UNITS, "USD");
            expectRefused(fixture.givenNoPriorActivity().when(create(max, new MilestoneTerms("a", max, null),
                            new MilestoneTerms("b", max, null))),
                    ErrorCode.MILESTONES_SUM_MISMATCH);
        }

        @Test
        void cannotCreateEscrowWithoutMilestones() {
            expectRefused(fixture.givenNoPriorActivity().when(create(usd(50000))), ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void cannotCreateEscrowWithTheSameMilestoneIdTwice() {
            expectRefused(fixture.givenNoPriorActivity().when(create(usd(40000), DESIGN, DESIGN)),
                    ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void cannotCreateEscrowWithMilestoneInAnotherCurrency() {
            MilestoneTerms euros = new MilestoneTerms("ms_eur", Money.of(30000, "EUR"), null);
            expectRefused(fixture.givenNoPriorActivity().when(create(usd(50000), DESIGN, euros)),
                    ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void cannotCreateEscrowWithZeroAmountMilestone() {
            MilestoneTerms free = new MilestoneTerms("ms_free", usd(0), null);
            expectRefused(fixture.givenNoPriorActivity().when(create(usd(20000), DESIGN, free)),
                    ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void cannotCreateEscrowWithExternalIdAlreadyClaimed() {
            externalIds.claim(INTEGRATOR, "order_12345", "esc_other");
            ResultValidator<Escrow> result = fixture.givenNoPriorActivity().when(createSeedEscrow());
            expectRefused(result, ErrorCode.DUPLICATE_EXTERNAL_ID);
            result.expectException(matching("names the existing escrow",
                    exception -> "esc_other".equals(exception.details().get("existing_escrow_id"))));
        }
    }

    @Nested
    class Funding {

        @Test
        void canDeclareFundsHeldOnCreatedEscrow() {
            fixture.given(created())
                   .when(new DeclareFundsHeldCommand(ESCROW_ID, INTEGRATOR, "pi_stripe_xyz", FUNDED_AT, FUNDED_AT))
                   .expectEvents(fundsHeld())
                   .expectResultMessagePayload(EscrowState.FUNDED);
        }

        @Test
        void canDeclareTheSamePaymentReferenceAgainWithoutNewEvents() {
            fixture.given(created(), fundsHeld())
                   .when(new DeclareFundsHeldCommand(ESCROW_ID, INTEGRATOR, "pi_stripe_xyz", LATER, LATER))
                   .expectNoEvents()
                   .expectResultMessagePayload(EscrowState.FUNDED);
        }

        @Test
        void cannotDeclareAnotherPaymentReferenceOnFundedEscrow() {
            expectRefused(fixture.given(created(), fundsHeld())
                                 .when(new DeclareFundsHeldCommand(ESCROW_ID, INTEGRATOR, "pi_other", LATER, LATER)),
                    ErrorCode.PAYMENT_REFERENCE_CONFLICT);
        }

        @Test
        void cannotDeclareFundsHeldOnAnotherIntegratorsEscrow() {
            expectRefused(fixture.given(created())
                                 .when(new DeclareFundsHeldCommand(ESCROW_ID, "int_other", "pi_x", LATER, LATER)),
                    ErrorCode.ESCROW_NOT_FOUND);
        }
    }

    @Nested
    class Delivery {

        @Test
        void canSubmitDeliverableForFundedMilestone() {
            fixture.given(created(), fundsHeld())
                   .when(new SubmitDeliverableCommand(ESCROW_ID, INTEGRATOR, "ms_design", PULL_REQUEST, LATER))
                   .expectEvents(designDelivered());
        }

        @Test
        void canResubmitDeliverableWhileMilestoneIsHeld() {
            fixture.given(created(), fundsHeld(), designDelivered())
                   .when(new SubmitDeliverableCommand(ESCROW_ID, INTEGRATOR, "ms_design", PULL_REQUEST, LATER))
                   .expectEvents(designDelivered());
        }

        @Test
        void cannotSubmitDeliverableBeforeFunding() {
            expectRefused(fixture.given(created())
                                 .when(new SubmitDeliverableCommand(ESCROW_ID, INTEGRATOR, "ms_design", PULL_REQUEST, LATER)),
                    ErrorCode.INVALID_STATE_TRANSITION);
        }

        @Test
        void cannotSubmitDeliverableForUnknownMilestone() {
            expectRefused(fixture.given(created(), fundsHeld())
                                 .when(new SubmitDeliverableCommand(ESCROW_ID, INTEGRATOR, "ms_nope", PULL_REQUEST, LATER)),
                    ErrorCode.MILESTONE_NOT_FOUND);
        }

        @Test
        void cannotSubmitDeliverableForReleasedMilestone() {
            expectRefused(fixture.given(created(), fundsHeld(), designReleased())
                                 .when(new SubmitDeliverableCommand(ESCROW_ID, INTEGRATOR, "ms_design", PULL_REQUEST, LATER)),
                    ErrorCode.INVALID_STATE_TRANSITION);
        }
    }

    @Nested
    class ReleaseAndRefund {

        @Test
        void canReleaseOneMilestoneAndKeepTheRestHeld() {
            fixture.given(created(), fundsHeld(), designDelivered())
                   .when(new ReleaseFundsCommand(ESCROW_ID, INTEGRATOR, "ms_design", LATER))
                   .expectEvents(designReleased());
        }

        @Test
        void canReleaseEverythingHeldAndCloseAsReleased() {
            fixture.given(created(), fundsHeld())
                   .when(new ReleaseFundsCommand(ESCROW_ID, INTEGRATOR, null, LATER))
                   .expectEvents(designReleased(),
                           new MilestoneReleasedEvent(ESCROW_ID, "ms_development", usd(30000), LATER),
                           new EscrowClosedEvent(ESCROW_ID, EscrowState.RELEASED, usd(50000), usd(0), LATER));
        }

        @Test
        void canRefundEverythingHeldAndCloseAsRefunded() {
            fixture.given(created(), fundsHeld())
                   .when(new RefundFundsCommand(ESCROW_ID, INTEGRATOR, null, LATER))
                   .expectEvents(new MilestoneRefundedEvent(ESCROW_ID, "ms_design", usd(20000), LATER),
                           new MilestoneRefundedEvent(ESCROW_ID, "ms_development", usd(30000), LATER),
                           new EscrowClosedEvent(ESCROW_ID, EscrowState.REFUNDED, usd(0), usd(50000), LATER));
        }

        @Test
        void canRefundTheLastMilestoneAndCloseAsSettled() {
            fixture.given(created(), fundsHeld(), designReleased())
                   .when(new RefundFundsCommand(ESCROW_ID, INTEGRATOR, "ms_development", LATER))
                   .expectEvents(new MilestoneRefundedEvent(ESCROW_ID, "ms_development", usd(30000), LATER),
                           new EscrowClosedEvent(ESCROW_ID, EscrowState.SETTLED, usd(20000), usd(30000), LATER));
        }

        @Test
        void cannotReleaseBeforeFunding() {
            expectRefused(fixture.given(created()).when(new ReleaseFundsCommand(ESCROW_ID, INTEGRATOR, null, LATER)),
                    ErrorCode.INVALID_STATE_TRANSITION);
        }

        @Test
        void cannotReleaseReleasedMilestone() {
            expectRefused(fixture.given(created(), fundsHeld(), designReleased())
                                 .when(new ReleaseFundsCommand(ESCROW_ID, INTEGRATOR, "ms_design", LATER)),
                    ErrorCode.INVALID_STATE_TRANSITION);
        }

        @Test
        void cannotRefundAfterEscrowIsClosed() {
            expectRefused(fixture.given(created(), fundsHeld(), designReleased(),
                                         new MilestoneReleasedEvent(ESCROW_ID, "ms_development", usd(30000), LATER),
                                         new EscrowClosedEvent(ESCROW_ID, EscrowState.RELEASED, usd(50000), usd(0), LATER))
                                 .when(new RefundFundsCommand(ESCROW_ID, INTEGRATOR, null, LATER)),
                    ErrorCode.INVALID_STATE_TRANSITION);
        }

        @Test
        void cannotReleaseUnknownMilestone() {
            expectRefused(fixture.given(created(), fundsHeld())
                                 .when(new ReleaseFundsCommand(ESCROW_ID, INTEGRATOR, "ms_nope", LATER)),
                    ErrorCode.MILESTONE_NOT_FOUND);
        }

        @Test
        void cannotRefundAnotherIntegratorsEscrow() {
            expectRefused(fixture.given(created(), fundsHeld())
                                 .when(new RefundFundsCommand(ESCROW_ID, "int_other", null, LATER)),
                    ErrorCode.ESCROW_NOT_FOUND);
        }
    }

    private static MilestoneReleasedEvent designReleased() {
        return new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(20000), LATER);
    }
}
