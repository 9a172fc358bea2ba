package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.FlagUnreconciledPayoutCommand;
import io.escrowledger.domain.escrow.command.RecordPayoutTransferCommand;
import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.EscrowFundedFromVaultEvent;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.event.PayoutTransferRecordedEvent;
import io.escrowledger.domain.escrow.event.PayoutUnreconciledEvent;
import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.ExpectedPayout;
import io.escrowledger.domain.escrow.value.Payout;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static io.escrowledger.domain.escrow.EscrowSamples.*;
import static io.escrowledger.domain.support.Refusals.expectRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Payouts: what releases, refunds and decisions paid each party, and the transfers the integrator records. */
class PayoutReconciliationTest {

    private static final Instant DECIDED_AT = Instant.parse("2025-02-10T09:00:00Z");
    private static final Instant PAID_AT = Instant.parse("2025-02-11T09:00:00Z");
    private static final Instant RECORDED_AT = Instant.parse("2025-02-11T10:00:00Z");
    /** The escrow's first and second payouts. */
    private static final String FIRST = "po_0190a5c4-8f00-7000-8000-000000000001_1";
    private static final String SECOND = "po_0190a5c4-8f00-7000-8000-000000000001_2";

    private AggregateTestFixture<Escrow> fixture;

    @BeforeEach
    void setUp() {
        fixture = escrowFixture();
    }

    /** The first seed's split decision: 17500 back to the client, 32500 to the contractor. */
    private static Object[] splitDecision() {
        Ratio split = new Ratio(new BigDecimal("0.35"), new BigDecimal("0.65"));
        return new Object[]{created(), fundsHeld(), disputeOpened(),
                new EvidenceLockedEvent(ESCROW_ID, DISPUTE_ID, 0, "sha256:x", LOCKED_AT),
                new DisputeResolvedEvent(ESCROW_ID, DISPUTE_ID, DisputeOutcome.SPLIT, split, "late", usd(50000),
                        new Payout(usd(17500), usd(32500)), null, DECIDED_AT),
                new EscrowClosedEvent(ESCROW_ID, EscrowState.RESOLVED, usd(32500), usd(17500), DECIDED_AT)};
    }

    @Test
    void aPartyIsOwedTheNetOfItsShareAfterThePlatformsFee() {
        // A release with 600 of fee owes the contractor 19400; a refund keeping 300 of fee owes the client 9700; a
        // decision takes the contractor's part of the fee from its share, the client's share carries none.
        assertThat(ExpectedPayouts.of(new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(20000), LATER, usd(600),
                usd(0)))).singleElement().satisfies(p -> assertThat(p.amount()).isEqualTo(usd(19400)));
        assertThat(ExpectedPayouts.of(new MilestoneRefundedEvent(ESCROW_ID, "ms_design", usd(10000), LATER, usd(300),
                usd(0), usd(10000)))).singleElement().satisfies(p -> assertThat(p.amount()).isEqualTo(usd(9700)));
        Ratio split = new Ratio(new BigDecimal("0.35"), new BigDecimal("0.65"));
        assertThat(ExpectedPayouts.of(new DisputeResolvedEvent(ESCROW_ID, DISPUTE_ID, DisputeOutcome.SPLIT, split,
                "late", usd(50000), new Payout(usd(17500), usd(32500)), null, DECIDED_AT, usd(974), usd(525))))
                .extracting(ExpectedPayout::party, ExpectedPayout::amount)
                .containsExactly(tuple(ActorRole.CLIENT, usd(17500)), tuple(ActorRole.CONTRACTOR, usd(31526)));
    }

    private static RecordPayoutTransferCommand transfer(String payoutId, String reference, ActorRole party,
                                                        Money amount) {
        return new RecordPayoutTransferCommand(ESCROW_ID, INTEGRATOR, payoutId, reference, party, amount, PAID_AT,
                RECORDED_AT);
    }

    private static PayoutTransferRecordedEvent recorded(String payoutId, String reference, ActorRole party,
                                                        Money amount, Money expected, Money total) {
        return new PayoutTransferRecordedEvent(ESCROW_ID, payoutId, reference, party, amount, expected, total,
                PAID_AT, RECORDED_AT);
    }

    @Test
    void aSplitDecisionOwesEachPartyItsShareAndBothCanBeReconciled() {
        fixture.given(splitDecision())
               .when(transfer(FIRST, "tr_client", ActorRole.CLIENT, usd(17500)))
               .expectEvents(recorded(FIRST, "tr_client", ActorRole.CLIENT, usd(17500), usd(17500), usd(17500)));

        fixture.given(splitDecision())
               .andGiven(recorded(FIRST, "tr_client", ActorRole.CLIENT, usd(17500), usd(17500), usd(17500)))
               .when(transfer(SECOND, "tr_contractor_1", ActorRole.CONTRACTOR, usd(30000)))
               .expectEvents(recorded(SECOND, "tr_contractor_1", ActorRole.CONTRACTOR, usd(30000), usd(32500),
                       usd(30000)));
    }

    @Test
    void aPartlyPaidPayoutAddsUpItsTransfersAndMayBeOverPaid() {
        fixture.given(splitDecision())
               .andGiven(recorded(SECOND, "tr_1", ActorRole.CONTRACTOR, usd(30000), usd(32500), usd(30000)))
               .when(transfer(SECOND, "tr_2", ActorRole.CONTRACTOR, usd(3000)))
               .expectEvents(recorded(SECOND, "tr_2", ActorRole.CONTRACTOR, usd(3000), usd(32500), usd(33000)));
    }

    @Test
    void theSameReferenceWithTheSameFiguresChangesNothing() {
        fixture.given(splitDecision())
               .andGiven(recorded(FIRST, "tr_client", ActorRole.CLIENT, usd(17500), usd(17500), usd(17500)))
               .when(transfer(FIRST, "tr_client", ActorRole.CLIENT, usd(17500)))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void cannotRecordAReferenceAgainWithOtherFigures() {
        expectRefused(fixture.given(splitDecision())
                             .andGiven(recorded(FIRST, "tr_client", ActorRole.CLIENT, usd(17500), usd(17500),
                                     usd(17500)))
                             .when(transfer(SECOND, "tr_client", ActorRole.CONTRACTOR, usd(32500))),
                ErrorCode.REFERENCE_CONFLICT);
    }

    @Test
    void cannotPayAPayoutToTheOtherParty() {
        expectRefused(fixture.given(splitDecision()).when(transfer(FIRST, "tr_1", ActorRole.CONTRACTOR, usd(17500))),
                ErrorCode.PAYOUT_PARTY_MISMATCH);
    }

    @Test
    void cannotPayInAnotherCurrency() {
        expectRefused(fixture.given(splitDecision())
                             .when(transfer(FIRST, "tr_1", ActorRole.CLIENT, Money.of(17500, "EUR"))),
                ErrorCode.CURRENCY_MISMATCH);
    }

    @Test
    void cannotPayAPayoutThatDoesNotExist() {
        expectRefused(fixture.given(splitDecision())
                             .when(transfer("po_0190a5c4-8f00-7000-8000-000000000001_3", "tr_1", ActorRole.CLIENT,
                                     usd(1))),
                ErrorCode.PAYOUT_NOT_FOUND);
    }

    @Test
    void releasesAndRefundsEachOweTheirMilestonesAmount() {
        fixture.given(created(), fundsHeld(), new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(20000), LATER),
                       new MilestoneRefundedEvent(ESCROW_ID, "ms_development", usd(30000), LATER))
               .when(transfer(SECOND, "re_1", ActorRole.CLIENT, usd(30000)))
               .expectEvents(recorded(SECOND, "re_1", ActorRole.CLIENT, usd(30000), usd(30000), usd(30000)));
    }

    @Test
    void aVaultFundedEscrowOwesNoPayout() {
        expectRefused(fixture.given(created(), new EscrowFundedFromVaultEvent(ESCROW_ID,
                                      "0190a5c4-8f00-7000-8000-0000000000aa", null, "mrc_1", usd(50000), CREATED_AT),
                                      new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(20000), LATER))
                             .when(transfer(FIRST, "tr_1", ActorRole.CONTRACTOR, usd(20000))),
                ErrorCode.PAYOUT_NOT_FOUND);
    }

    @Test
    void anUnreconciledPayoutIsFlaggedOnce() {
        Instant flaggedAt = DECIDED_AT.plusSeconds(3 * 86400);
        PayoutUnreconciledEvent flag = new PayoutUnreconciledEvent(ESCROW_ID, SECOND, ActorRole.CONTRACTOR,
                usd(32500), usd(30000), DECIDED_AT, flaggedAt);
        fixture.given(splitDecision())
               .andGiven(recorded(SECOND, "tr_1", ActorRole.CONTRACTOR, usd(30000), usd(32500), usd(30000)))
               .when(new FlagUnreconciledPayoutCommand(ESCROW_ID, SECOND, flaggedAt))
               .expectEvents(flag);

        fixture.given(splitDecision())
               .andGiven(flag)
               .when(new FlagUnreconciledPayoutCommand(ESCROW_ID, SECOND, flaggedAt.plusSeconds(60)))
               .expectNoEvents();
    }

    @Test
    void aReconciledPayoutIsNotFlagged() {
        fixture.given(splitDecision())
               .andGiven(recorded(FIRST, "tr_client", ActorRole.CLIENT, usd(17500), usd(17500), usd(17500)))
               .when(new FlagUnreconciledPayoutCommand(ESCROW_ID, FIRST, LATER))
               .expectNoEvents();
    }

    @Test
    void payoutIdsNameTheirEscrowAndPosition() {
        assertThat(ExpectedPayouts.id(ESCROW_ID, 12)).isEqualTo("po_0190a5c4-8f00-7000-8000-000000000001_12");
        assertThat(ExpectedPayouts.escrowIdOf(SECOND)).isEqualTo(ESCROW_ID);
        assertThat(ExpectedPayouts.positionOf(SECOND)).isEqualTo(2);
        assertThat(ExpectedPayouts.isWellFormed("po_0190a5c4-8f00-7000-8000-000000000001_0")).isFalse();
        assertThat(ExpectedPayouts.isWellFormed("po_x_1")).isFalse();
    }
}
