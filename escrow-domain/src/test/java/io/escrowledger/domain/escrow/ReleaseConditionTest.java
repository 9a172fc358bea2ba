package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.ApproveReleaseCommand;
import io.escrowledger.domain.escrow.command.ConfirmDeliveryCommand;
import io.escrowledger.domain.escrow.command.CreateEscrowCommand;
import io.escrowledger.domain.escrow.command.DeclareFundsHeldCommand;
import io.escrowledger.domain.escrow.command.ReleaseFundsCommand;
import io.escrowledger.domain.escrow.command.ReportOracleOutcomeCommand;
import io.escrowledger.domain.escrow.event.DeliveryConfirmedEvent;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowExpiredEvent;
import io.escrowledger.domain.escrow.event.FundsHeldEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.event.OracleReportedEvent;
import io.escrowledger.domain.escrow.event.ReleaseApprovedEvent;
import io.escrowledger.domain.escrow.event.ReleaseConditionMetEvent;
import io.escrowledger.domain.escrow.value.ConditionType;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.OracleOutcome;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import io.escrowledger.domain.serialization.ExactJson;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.escrowledger.domain.escrow.EscrowSamples.*;
import static io.escrowledger.domain.support.Refusals.expectRefused;

/** Each release condition type, enforced by the aggregate: what releases, what refunds, what is refused. */
class ReleaseConditionTest {

    private static final Instant RELEASE_AT = Instant.parse("2025-01-25T12:00:00Z");
    private static final Map<String, ExactJson> UPS = Map.of("tracking_number", ExactJson.string("1Z999AA10123456784"),
            "carrier", ExactJson.string("ups"));

    private AggregateTestFixture<Escrow> fixture;

    @BeforeEach
    void setUp() {
        fixture = escrowFixture();
    }

    static CreateEscrowCommand createWith(ReleaseCondition condition) {
        return new CreateEscrowCommand(ESCROW_ID, INTEGRATOR, "order_12345", usd(50000), List.of(DESIGN, DEVELOPMENT),
                null, condition, null, CREATED_AT);
    }

    static EscrowCreatedEvent createdWith(ReleaseCondition condition) {
        return new EscrowCreatedEvent(ESCROW_ID, INTEGRATOR, "order_12345", usd(50000), List.of(DESIGN, DEVELOPMENT),
                condition, null, CREATED_AT);
    }

    /** Both milestones released at {@code at}, which closes the escrow as RELEASED. */
    static Object[] releasedEverything(Instant at) {
        return new Object[]{new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(20000), at),
                new MilestoneReleasedEvent(ESCROW_ID, "ms_development", usd(30000), at),
                new EscrowClosedEvent(ESCROW_ID, EscrowState.RELEASED, usd(50000), usd(0), at)};
    }

    private static Object[] with(Object first, Object... rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Nested
    class TimeRelease {

        private final ReleaseCondition condition = ReleaseCondition.timeRelease(RELEASE_AT, Map.of());

        @Test
        void releasesEverythingHeldWhenTheTimeComes() {
            fixture.givenCurrentTime(CREATED_AT)
                   .andGivenCommands(createWith(condition))
                   .andGiven(fundsHeld())
                   .whenThenTimeAdvancesTo(RELEASE_AT)
                   .expectDeadlinesMet(new EscrowDeadlines.ReleaseDue(RELEASE_AT))
                   .expectEvents(with(new ReleaseConditionMetEvent(ESCROW_ID, ConditionType.TIME_RELEASE, RELEASE_AT),
                           releasedEverything(RELEASE_AT)));
        }

        @Test
        void isScheduledWhenTheEscrowIsCreated() {
            fixture.givenCurrentTime(CREATED_AT)
                   .when(createWith(condition))
                   .expectEvents(createdWith(condition))
                   .expectScheduledDeadline(RELEASE_AT, new EscrowDeadlines.ReleaseDue(RELEASE_AT));
        }

        @Test
        void releasesNothingWhileADisputeIsOpen() {
            fixture.givenCurrentTime(CREATED_AT)
                   .andGivenCommands(createWith(condition))
                   .andGiven(fundsHeld(), disputeOpened())
                   .whenThenTimeAdvancesTo(RELEASE_AT)
                   .expectEvents(new ReleaseConditionMetEvent(ESCROW_ID, ConditionType.TIME_RELEASE, RELEASE_AT));
        }

        @Test
        void releasesAsSoonAsFundsArriveAfterTheTime() {
            Instant declared = RELEASE_AT.plusSeconds(60);
            fixture.given(createdWith(condition),
                           new ReleaseConditionMetEvent(ESCROW_ID, ConditionType.TIME_RELEASE, RELEASE_AT))
                   .when(new DeclareFundsHeldCommand(ESCROW_ID, INTEGRATOR, "pi_1", declared, declared))
                   .expectEvents(with(new FundsHeldEvent(ESCROW_ID, "pi_1", usd(50000), declared, declared),
                           releasedEverything(declared)));
        }

        @Test
        void cannotBeInThePast() {
            expectRefused(fixture.givenNoPriorActivity()
                                 .when(createWith(ReleaseCondition.timeRelease(CREATED_AT.minusSeconds(1), Map.of()))),
                    ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void withoutAReleaseTimeReleasesAtTheExpiryInsteadOfRefunding() {
            Instant expiry = Instant.parse("2025-01-18T10:00:00Z");
            ReleaseCondition atExpiry = ReleaseCondition.timeRelease(null, Map.of());
            fixture.givenCurrentTime(CREATED_AT)
                   .andGivenCommands(new CreateEscrowCommand(ESCROW_ID, INTEGRATOR, "order_12345", usd(50000),
                           List.of(DESIGN, DEVELOPMENT), null, atExpiry, expiry, CREATED_AT))
                   .andGiven(fundsHeld())
                   .whenThenTimeAdvancesTo(expiry)
                   .expectDeadlinesMet(new EscrowDeadlines.ExpiryDue(expiry))
                   .expectEvents(with(new ReleaseConditionMetEvent(ESCROW_ID, ConditionType.TIME_RELEASE, expiry),
                           releasedEverything(expiry)));
        }

        @Test
        void withoutAReleaseTimeAnOpenDisputeStillWaitsForItsDecision() {
            Instant expiry = Instant.parse("2025-01-25T10:00:00Z");
            fixture.givenCurrentTime(CREATED_AT)
                   .andGivenCommands(new CreateEscrowCommand(ESCROW_ID, INTEGRATOR, "order_12345", usd(50000),
                           List.of(DESIGN, DEVELOPMENT), null, ReleaseCondition.timeRelease(null, Map.of()), expiry,
                           CREATED_AT))
                   .andGiven(fundsHeld(), disputeOpened())
                   .whenThenTimeAdvancesTo(expiry)
                   .expectEvents(new EscrowExpiredEvent(ESCROW_ID, usd(50000), DISPUTE_ID, expiry));
        }

        @Test
        void withoutAReleaseTimeNeedsAnExpiry() {
            expectRefused(fixture.givenNoPriorActivity()
                                 .when(createWith(ReleaseCondition.timeRelease(null, Map.of()))),
                    ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void cannotComeAfterTheExpiry() {
            expectRefused(fixture.givenNoPriorActivity()
                                 .when(new CreateEscrowCommand(ESCROW_ID, INTEGRATOR, "order_12345", usd(50000),
                                         List.of(DESIGN, DEVELOPMENT), null, condition, RELEASE_AT, CREATED_AT)),
                    ErrorCode.VALIDATION_FAILED);
        }
    }

    @Nested
    class OracleConfirmation {

        private final ReleaseCondition condition =
                ReleaseCondition.oracleConfirmation("orc_shipping", "package_delivered", Map.of());

        private ReportOracleOutcomeCommand report(String oracleId, OracleOutcome outcome) {
            return new ReportOracleOutcomeCommand(ESCROW_ID, INTEGRATOR, oracleId, outcome, LATER);
        }

        @Test
        void confirmedReleases() {
            fixture.given(createdWith(condition), fundsHeld())
                   .when(report("orc_shipping", OracleOutcome.CONFIRMED))
                   .expectEvents(with(new OracleReportedEvent(ESCROW_ID, "orc_shipping", OracleOutcome.CONFIRMED, LATER),
                           with(new ReleaseConditionMetEvent(ESCROW_ID, ConditionType.ORACLE_CONFIRMATION, LATER),
                                   releasedEverything(LATER))));
        }

        @Test
        void rejectedRefunds() {
            fixture.given(createdWith(condition), fundsHeld())
                   .when(report("orc_shipping", OracleOutcome.REJECTED))
                   .expectEvents(new OracleReportedEvent(ESCROW_ID, "orc_shipping", OracleOutcome.REJECTED, LATER),
                           new MilestoneRefundedEvent(ESCROW_ID, "ms_design", usd(20000), LATER),
                           new MilestoneRefundedEvent(ESCROW_ID, "ms_development", usd(30000), LATER),
                           new EscrowClosedEvent(ESCROW_ID, EscrowState.REFUNDED, usd(0), usd(50000), LATER));
        }

        @Test
        void withoutANamedOracleTheIntegratorsOwnReportCounts() {
            ReleaseCondition anyOracle = ReleaseCondition.oracleConfirmation(null, null, Map.of());
            fixture.given(createdWith(anyOracle), fundsHeld())
                   .when(report("integrator_ops", OracleOutcome.CONFIRMED))
                   .expectEvents(with(new OracleReportedEvent(ESCROW_ID, "integrator_ops", OracleOutcome.CONFIRMED, LATER),
                           with(new ReleaseConditionMetEvent(ESCROW_ID, ConditionType.ORACLE_CONFIRMATION, LATER),
                                   releasedEverything(LATER))));
        }

        @Test
        void anotherOracleIsRefused() {
            expectRefused(fixture.given(createdWith(condition), fundsHeld())
                                 .when(report("orc_someone_else", OracleOutcome.CONFIRMED)),
                    ErrorCode.UNKNOWN_ORACLE);
        }

        @Test
        void theSameReportAgainChangesNothing() {
            fixture.given(createdWith(condition), fundsHeld(),
                           new OracleReportedEvent(ESCROW_ID, "orc_shipping", OracleOutcome.REJECTED, LATER))
                   .when(report("orc_shipping", OracleOutcome.REJECTED))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void aContradictingReportIsRefused() {
            expectRefused(fixture.given(createdWith(condition), fundsHeld(),
                                         new OracleReportedEvent(ESCROW_ID, "orc_shipping", OracleOutcome.REJECTED, LATER))
                                 .when(report("orc_shipping", OracleOutcome.CONFIRMED)),
                    ErrorCode.INVALID_STATE_TRANSITION);
        }

        @Test
        void anEscrowWithAnotherConditionTakesNoOracleReport() {
            expectRefused(fixture.given(createdWith(ReleaseCondition.deliveryConfirmation(UPS)), fundsHeld())
                                 .when(report("orc_shipping", OracleOutcome.CONFIRMED)),
                    ErrorCode.RELEASE_CONDITION_MISMATCH);
        }

        @Test
        void cannotReleaseWhileADisputeIsOpen() {
            expectRefused(fixture.given(createdWith(condition), fundsHeld(), disputeOpened())
                                 .when(report("orc_shipping", OracleOutcome.CONFIRMED)),
                    ErrorCode.INVALID_STATE_TRANSITION);
        }
    }

    @Nested
    class MultiSignatureApproval {

        private final ReleaseCondition twoOfThree =
                ReleaseCondition.multiSigApproval(List.of("usr_ops", "usr_finance", "usr_cto"), 2, Map.of());

        private ApproveReleaseCommand approve(String approverId) {
            return new ApproveReleaseCommand(ESCROW_ID, INTEGRATOR, approverId, LATER);
        }

        @Test
        void oneApprovalOfTwoReleasesNothing() {
            fixture.given(createdWith(twoOfThree), fundsHeld())
                   .when(approve("usr_ops"))
                   .expectEvents(new ReleaseApprovedEvent(ESCROW_ID, "usr_ops", 1, 2, LATER));
        }

        @Test
        void theThresholdReleases() {
            fixture.given(createdWith(twoOfThree), fundsHeld(), new ReleaseApprovedEvent(ESCROW_ID, "usr_ops", 1, 2, LATER))
                   .when(approve("usr_cto"))
                   .expectEvents(with(new ReleaseApprovedEvent(ESCROW_ID, "usr_cto", 2, 2, LATER),
                           with(new ReleaseConditionMetEvent(ESCROW_ID, ConditionType.MULTI_SIG_APPROVAL, LATER),
                                   releasedEverything(LATER))));
        }

        @Test
        void aRepeatedApprovalChangesNothingAndDoesNotCountTwice() {
            fixture.given(createdWith(twoOfThree), fundsHeld(), new ReleaseApprovedEvent(ESCROW_ID, "usr_ops", 1, 2, LATER))
                   .when(approve("usr_ops"))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void anUnlistedApproverIsRefused() {
            expectRefused(fixture.given(createdWith(twoOfThree), fundsHeld()).when(approve("usr_intruder")),
                    ErrorCode.UNKNOWN_APPROVER);
        }

        @Test
        void withoutApproversOrThresholdAnyTwoDistinctApproversRelease() {
            ReleaseCondition anyTwo = ReleaseCondition.multiSigApproval(null, null, Map.of());
            fixture.given(createdWith(anyTwo), fundsHeld(), new ReleaseApprovedEvent(ESCROW_ID, "usr_ops", 1, 2, LATER))
                   .when(approve("usr_anyone"))
                   .expectEvents(with(new ReleaseApprovedEvent(ESCROW_ID, "usr_anyone", 2, 2, LATER),
                           with(new ReleaseConditionMetEvent(ESCROW_ID, ConditionType.MULTI_SIG_APPROVAL, LATER),
                                   releasedEverything(LATER))));
        }

        @Test
        void withoutAThresholdOneNamedApproverIsEnough() {
            fixture.given(createdWith(ReleaseCondition.multiSigApproval(List.of("usr_ops"), null, Map.of())),
                           fundsHeld())
                   .when(approve("usr_ops"))
                   .expectEvents(with(new ReleaseApprovedEvent(ESCROW_ID, "usr_ops", 1, 1, LATER),
                           with(new ReleaseConditionMetEvent(ESCROW_ID, ConditionType.MULTI_SIG_APPROVAL, LATER),
                                   releasedEverything(LATER))));
        }

        @Test
        void withoutApproversTheThresholdIsAtMostTheMostApprovers() {
            expectRefused(fixture.givenNoPriorActivity()
                                 .when(createWith(ReleaseCondition.multiSigApproval(null, 21, Map.of()))),
                    ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void aThresholdAboveTheApproversIsRefused() {
            expectRefused(fixture.givenNoPriorActivity()
                                 .when(createWith(ReleaseCondition.multiSigApproval(List.of("a", "b"), 3, Map.of()))),
                    ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void anApproverListedTwiceIsRefused() {
            expectRefused(fixture.givenNoPriorActivity()
                                 .when(createWith(ReleaseCondition.multiSigApproval(List.of("a", "a"), 1, Map.of()))),
                    ErrorCode.VALIDATION_FAILED);
        }
    }

    @Nested
    class DeliveryConfirmation {

        private final ReleaseCondition condition = ReleaseCondition.deliveryConfirmation(UPS);

        @Test
        void theConfirmationReleases() {
            fixture.given(createdWith(condition), fundsHeld())
                   .when(new ConfirmDeliveryCommand(ESCROW_ID, INTEGRATOR, "agt_buyer", LATER))
                   .expectEvents(with(new DeliveryConfirmedEvent(ESCROW_ID, "agt_buyer", LATER),
                           with(new ReleaseConditionMetEvent(ESCROW_ID, ConditionType.DELIVERY_CONFIRMATION, LATER),
                                   releasedEverything(LATER))));
        }

        @Test
        void isRefusedBeforeTheMoneyIsHeld() {
            expectRefused(fixture.given(createdWith(condition))
                                 .when(new ConfirmDeliveryCommand(ESCROW_ID, INTEGRATOR, "agt_buyer", LATER)),
                    ErrorCode.INVALID_STATE_TRANSITION);
        }

        @Test
        void theIntegratorCanStillReleaseByHand() {
            fixture.given(createdWith(condition), fundsHeld())
                   .when(new ReleaseFundsCommand(ESCROW_ID, INTEGRATOR, null, LATER))
                   .expectEvents(releasedEverything(LATER));
        }

        @Test
        void anotherIntegratorCannotConfirm() {
            expectRefused(fixture.given(createdWith(condition), fundsHeld())
                                 .when(new ConfirmDeliveryCommand(ESCROW_ID, "int_other", "agt_buyer", LATER)),
                    ErrorCode.ESCROW_NOT_FOUND);
        }
    }
}
