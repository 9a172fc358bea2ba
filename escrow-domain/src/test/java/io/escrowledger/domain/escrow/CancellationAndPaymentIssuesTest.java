package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.ApproveReleaseCommand;
import io.escrowledger.domain.escrow.command.CancelEscrowCommand;
import io.escrowledger.domain.escrow.command.DeclareFundsHeldCommand;
import io.escrowledger.domain.escrow.command.DeclareFundsReversedCommand;
import io.escrowledger.domain.escrow.command.DeclarePaymentFailedCommand;
import io.escrowledger.domain.escrow.command.DecideDisputeCommand;
import io.escrowledger.domain.escrow.command.OpenDisputeCommand;
import io.escrowledger.domain.escrow.command.RefundFundsCommand;
import io.escrowledger.domain.escrow.command.ReleaseFundsCommand;
import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowCancelledEvent;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowExpiredEvent;
import io.escrowledger.domain.escrow.event.EscrowFundedFromVaultEvent;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.FundsReversedEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.PaymentFailedEvent;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.Payout;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.escrowledger.domain.escrow.EscrowSamples.*;
import static io.escrowledger.domain.support.Refusals.expectRefused;

/** Cancelling an unfunded escrow, payments that fail before funding, and reversals (chargebacks) after it. */
class CancellationAndPaymentIssuesTest {

    private static final Instant FAILED_AT = Instant.parse("2025-01-15T10:20:00Z");
    private static final Instant REVERSED_AT = Instant.parse("2025-01-25T08:00:00Z");
    private static final String VAULT = "0190a5c4-8f00-7000-8000-0000000000aa";

    private AggregateTestFixture<Escrow> fixture;

    @BeforeEach
    void setUp() {
        fixture = escrowFixture();
    }

    private static CancelEscrowCommand cancel() {
        return new CancelEscrowCommand(ESCROW_ID, INTEGRATOR, "Order abandoned at checkout", LATER);
    }

    private static DeclarePaymentFailedCommand paymentFailed(String reference) {
        return new DeclarePaymentFailedCommand(ESCROW_ID, INTEGRATOR, reference, "card_declined", FAILED_AT,
                FAILED_AT);
    }

    private static PaymentFailedEvent paymentFailedEvent(String reference) {
        return new PaymentFailedEvent(ESCROW_ID, reference, "card_declined", FAILED_AT, FAILED_AT);
    }

    private static DeclareFundsReversedCommand reversed(String reference) {
        return new DeclareFundsReversedCommand(ESCROW_ID, INTEGRATOR, reference, "chargeback: fraudulent",
                REVERSED_AT, REVERSED_AT);
    }

    private static FundsReversedEvent reversedEvent(String openDisputeId) {
        return new FundsReversedEvent(ESCROW_ID, "pi_stripe_xyz", "chargeback: fraudulent", usd(50000), openDisputeId,
                REVERSED_AT, REVERSED_AT);
    }

    private static EscrowFundedFromVaultEvent vaultFunded() {
        return new EscrowFundedFromVaultEvent(ESCROW_ID, VAULT, "agt_1", "mrc_1", usd(50000), CREATED_AT);
    }

    @Nested
    class Cancellation {

        @Test
        void canCancelAnEscrowThatWasNeverFunded() {
            fixture.given(created())
                   .when(cancel())
                   .expectEvents(new EscrowCancelledEvent(ESCROW_ID, "Order abandoned at checkout", LATER))
                   .expectState(escrow -> org.assertj.core.api.Assertions.assertThat(escrow)
                           .extracting("state").isEqualTo(EscrowState.CANCELLED));
        }

        @Test
        void canCancelAfterAPaymentFailed() {
            fixture.given(created(), paymentFailedEvent("pi_1"))
                   .when(cancel())
                   .expectEvents(new EscrowCancelledEvent(ESCROW_ID, "Order abandoned at checkout", LATER));
        }

        @Test
        void cancellingAgainChangesNothing() {
            fixture.given(created(), new EscrowCancelledEvent(ESCROW_ID, "first", LATER))
                   .when(cancel())
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void cannotCancelAFundedEscrow() {
            expectRefused(fixture.given(created(), fundsHeld()).when(cancel()), ErrorCode.INVALID_STATE_TRANSITION);
        }

        @Test
        void cannotCancelAVaultFundedEscrow() {
            expectRefused(fixture.given(created(), vaultFunded()).when(cancel()), ErrorCode.INVALID_STATE_TRANSITION);
        }

        @Test
        void cannotCancelAnExpiredEscrow() {
            expectRefused(fixture.given(created(), new EscrowExpiredEvent(ESCROW_ID, usd(0), null, LATER))
                                 .when(cancel()), ErrorCode.INVALID_STATE_TRANSITION);
        }

        @Test
        void cannotCancelAnotherIntegratorsEscrow() {
            expectRefused(fixture.given(created())
                                 .when(new CancelEscrowCommand(ESCROW_ID, "int_other", "mine now", LATER)),
                    ErrorCode.ESCROW_NOT_FOUND);
        }

        @Test
        void aCancelledEscrowTakesNoPaymentDeclaration() {
            expectRefused(fixture.given(created(), new EscrowCancelledEvent(ESCROW_ID, "gone", LATER))
                                 .when(new DeclareFundsHeldCommand(ESCROW_ID, INTEGRATOR, "pi_stripe_xyz", FUNDED_AT,
                                         LATER)), ErrorCode.INVALID_STATE_TRANSITION);
        }
    }

    @Nested
    class PaymentFailure {

        @Test
        void aFailedPaymentLeavesTheEscrowUnfundedWithTheReason() {
            fixture.given(created())
                   .when(paymentFailed("pi_1"))
                   .expectEvents(paymentFailedEvent("pi_1"))
                   .expectResultMessagePayload(EscrowState.CREATED);
        }

        @Test
        void theSameFailureAgainChangesNothing() {
            fixture.given(created(), paymentFailedEvent("pi_1"))
                   .when(paymentFailed("pi_1"))
                   .expectNoEvents()
                   .expectResultMessagePayload(EscrowState.CREATED);
        }

        @Test
        void anotherPaymentCanFailAfterTheFirst() {
            fixture.given(created(), paymentFailedEvent("pi_1"))
                   .when(paymentFailed("pi_2"))
                   .expectEvents(paymentFailedEvent("pi_2"));
        }

        @Test
        void aRetriedPaymentStillFundsTheEscrow() {
            fixture.given(created(), paymentFailedEvent("pi_stripe_xyz"))
                   .when(new DeclareFundsHeldCommand(ESCROW_ID, INTEGRATOR, "pi_stripe_xyz", FUNDED_AT, FUNDED_AT))
                   .expectEvents(fundsHeld())
                   .expectResultMessagePayload(EscrowState.FUNDED);
        }

        @Test
        void cannotFailAPaymentAfterFunding() {
            expectRefused(fixture.given(created(), fundsHeld()).when(paymentFailed("pi_stripe_xyz")),
                    ErrorCode.INVALID_STATE_TRANSITION);
        }

        @Test
        void aVaultFundedEscrowTakesNoFailure() {
            expectRefused(fixture.given(created(), vaultFunded()).when(paymentFailed("pi_1")),
                    ErrorCode.INVALID_STATE_TRANSITION);
        }
    }

    @Nested
    class Reversal {

        @Test
        void aReversalFreezesAFundedEscrow() {
            fixture.given(created(), fundsHeld())
                   .when(reversed("pi_stripe_xyz"))
                   .expectEvents(reversedEvent(null))
                   .expectResultMessagePayload(EscrowState.FUNDED);
        }

        @Test
        void theSameReversalAgainChangesNothing() {
            fixture.given(created(), fundsHeld(), reversedEvent(null))
                   .when(reversed("pi_stripe_xyz"))
                   .expectNoEvents();
        }

        @Test
        void aFrozenEscrowReleasesNothing() {
            expectRefused(fixture.given(created(), fundsHeld(), reversedEvent(null))
                                 .when(new ReleaseFundsCommand(ESCROW_ID, INTEGRATOR, null, LATER)),
                    ErrorCode.ESCROW_FROZEN);
        }

        @Test
        void aFrozenEscrowTakesNoApprovalThatWouldRelease() {
            EscrowCreatedEvent withApprovals = new EscrowCreatedEvent(ESCROW_ID, INTEGRATOR, "order_12345",
                    usd(50000), List.of(DESIGN, DEVELOPMENT),
                    ReleaseCondition.multiSigApproval(List.of("ops_a", "ops_b"), 1, Map.of()), null, CREATED_AT);
            expectRefused(fixture.given(withApprovals, fundsHeld(), reversedEvent(null))
                                 .when(new ApproveReleaseCommand(ESCROW_ID, INTEGRATOR, "ops_a", LATER)),
                    ErrorCode.ESCROW_FROZEN);
        }

        @Test
        void aFrozenEscrowCanStillBeRefunded() {
            fixture.given(created(), fundsHeld(), reversedEvent(null))
                   .when(new RefundFundsCommand(ESCROW_ID, INTEGRATOR, null, LATER))
                   .expectEvents(new MilestoneRefundedEvent(ESCROW_ID, "ms_design", usd(20000), LATER),
                           new MilestoneRefundedEvent(ESCROW_ID, "ms_development", usd(30000), LATER),
                           new EscrowClosedEvent(ESCROW_ID, EscrowState.REFUNDED, usd(0), usd(50000), LATER));
        }

        @Test
        void aFrozenEscrowCanStillBeDisputed() {
            fixture.given(created(), fundsHeld(), reversedEvent(null))
                   .when(new OpenDisputeCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, DisputeReason.DELIVERABLE_INCOMPLETE,
                           "The development milestone is half done", CLIENT, DISPUTED_AT, null))
                   .expectEvents(disputeOpened());
        }

        @Test
        void aReversalDuringADisputeNamesItAndTheDecisionStillPaysOut() {
            fixture.given(created(), fundsHeld(), disputeOpened())
                   .when(reversed("pi_stripe_xyz"))
                   .expectEvents(reversedEvent(DISPUTE_ID));

            Ratio split = new Ratio(new BigDecimal("0.35"), new BigDecimal("0.65"));
            Instant decidedAt = LOCKED_AT.plusSeconds(60);
            fixture.given(created(), fundsHeld(), disputeOpened(), reversedEvent(DISPUTE_ID),
                           new EvidenceLockedEvent(ESCROW_ID, DISPUTE_ID, 0, "sha256:x", LOCKED_AT))
                   .when(new DecideDisputeCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, DisputeOutcome.SPLIT, split,
                           "Charged back, delivered in part", decidedAt))
                   .expectEvents(new DisputeResolvedEvent(ESCROW_ID, DISPUTE_ID, DisputeOutcome.SPLIT, split,
                                   "Charged back, delivered in part", usd(50000),
                                   new Payout(usd(17500), usd(32500)), null, decidedAt),
                           new EscrowClosedEvent(ESCROW_ID, EscrowState.RESOLVED, usd(32500), usd(17500),
                                   decidedAt));
        }

        @Test
        void aReversalWithAnotherReferenceIsAConflict() {
            expectRefused(fixture.given(created(), fundsHeld()).when(reversed("pi_other")),
                    ErrorCode.PAYMENT_REFERENCE_CONFLICT);
        }

        @Test
        void cannotReverseBeforeFunding() {
            expectRefused(fixture.given(created()).when(reversed("pi_stripe_xyz")),
                    ErrorCode.INVALID_STATE_TRANSITION);
        }

        @Test
        void cannotReverseAfterTheEscrowClosed() {
            expectRefused(fixture.given(created(), fundsHeld(),
                                  new EscrowClosedEvent(ESCROW_ID, EscrowState.RELEASED, usd(50000), usd(0), LATER))
                                 .when(reversed("pi_stripe_xyz")),
                    ErrorCode.INVALID_STATE_TRANSITION);
        }

        @Test
        void aVaultFundedEscrowTakesNoReversal() {
            expectRefused(fixture.given(created(), vaultFunded()).when(reversed("pi_stripe_xyz")),
                    ErrorCode.INVALID_STATE_TRANSITION);
        }

        @Test
        void aRepeatedFundsHeldDeclarationAfterTheReversalChangesNothing() {
            fixture.given(created(), fundsHeld(), reversedEvent(null))
                   .when(new DeclareFundsHeldCommand(ESCROW_ID, INTEGRATOR, "pi_stripe_xyz", FUNDED_AT, LATER))
                   .expectNoEvents()
                   .expectResultMessagePayload(EscrowState.FUNDED);
        }
    }
}
