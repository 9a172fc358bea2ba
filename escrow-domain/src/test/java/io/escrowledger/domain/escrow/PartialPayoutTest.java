package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.DecideDisputeCommand;
import io.escrowledger.domain.escrow.command.OpenDisputeCommand;
import io.escrowledger.domain.escrow.command.RefundFundsCommand;
import io.escrowledger.domain.escrow.command.ReleaseFundsCommand;
import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowFundedFromVaultEvent;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.FeeRounding;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.escrow.value.Payout;
import io.escrowledger.domain.escrow.value.PlatformFee;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.escrowledger.domain.escrow.EscrowSamples.*;
import static io.escrowledger.domain.support.Refusals.expectRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** Releases and refunds of part of a milestone: the rest stays held, and fees and decisions follow what remains. */
class PartialPayoutTest {

    private static final String VAULT = "0190a5c4-8f00-7000-8000-0000000000aa";
    private static final Ratio SEED_SPLIT = new Ratio(new BigDecimal("0.35"), new BigDecimal("0.65"));

    private AggregateTestFixture<Escrow> fixture;
    private RecordingVaultFunding vaults;

    @BeforeEach
    void setUp() {
        vaults = new RecordingVaultFunding();
        fixture = escrowFixture(vaults);
    }

    /** The seed escrow with 2.5% on both milestones: 500 on design, 750 on development. */
    private static EscrowCreatedEvent seedCreatedWithFee() {
        return new EscrowCreatedEvent(ESCROW_ID, INTEGRATOR, "order_12345", usd(50000),
                List.of(DESIGN.withFee(usd(500)), DEVELOPMENT.withFee(usd(750))), null, null, CREATED_AT,
                PlatformFee.basisPoints(250, FeeRounding.HALF_UP));
    }

    private static ReleaseFundsCommand release(String milestoneId, long amount) {
        return new ReleaseFundsCommand(ESCROW_ID, INTEGRATOR, milestoneId, LATER, amount);
    }

    @Test
    void canReleasePartOfAMilestoneAndTheRestStaysHeld() {
        fixture.given(created(), fundsHeld())
               .when(release("ms_design", 8000))
               .expectEvents(new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(8000), LATER, usd(0), usd(12000)))
               .expectState(escrow -> {
                   assertThat(escrow).extracting("state").isEqualTo(EscrowState.FUNDED);
               });
    }

    /**
     * 250 of fee on 10001 does not divide evenly: three parts of 3333, 3333 and 3335 carry 83, 83 and 84, the fee
     * through each part being rounded down (83.3, 166.6), and the last part the rest: 250 in all.
     */
    @Test
    void partsOfAMilestoneCarryShareOfItsFeeThatAddUpToIt() {
        MilestoneTerms odd = new MilestoneTerms("ms_odd", usd(10001), null, null, usd(250));
        EscrowCreatedEvent created = new EscrowCreatedEvent(ESCROW_ID, INTEGRATOR, "order_odd", usd(10001),
                List.of(odd), null, null, CREATED_AT, PlatformFee.basisPoints(250, FeeRounding.HALF_UP));
        MilestoneReleasedEvent first = new MilestoneReleasedEvent(ESCROW_ID, "ms_odd", usd(3333), LATER, usd(83),
                usd(6668));
        MilestoneReleasedEvent second = new MilestoneReleasedEvent(ESCROW_ID, "ms_odd", usd(3333), LATER, usd(83),
                usd(3335));
        fixture.given(created, new io.escrowledger.domain.escrow.event.FundsHeldEvent(ESCROW_ID, "pi_odd", usd(10001), FUNDED_AT, FUNDED_AT))
               .when(release("ms_odd", 3333)).expectEvents(first);
        fixture.given(created, new io.escrowledger.domain.escrow.event.FundsHeldEvent(ESCROW_ID, "pi_odd", usd(10001), FUNDED_AT, FUNDED_AT), first)
               .when(release("ms_odd", 3333)).expectEvents(second);
        fixture.given(created, new io.escrowledger.domain.escrow.event.FundsHeldEvent(ESCROW_ID, "pi_odd", usd(10001), FUNDED_AT, FUNDED_AT), first, second)
               .when(new ReleaseFundsCommand(ESCROW_ID, INTEGRATOR, "ms_odd", LATER))
               .expectEvents(new MilestoneReleasedEvent(ESCROW_ID, "ms_odd", usd(3335), LATER, usd(84), usd(0)),
                       new EscrowClosedEvent(ESCROW_ID, EscrowState.RELEASED, usd(10001), usd(0), LATER));
    }

    @Test
    void cannotReleaseMoreThanTheMilestoneStillHolds() {
        expectRefused(fixture.given(created(), fundsHeld(),
                                     new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(8000), LATER, usd(0),
                                             usd(12000)))
                             .when(release("ms_design", 12001)), ErrorCode.AMOUNT_EXCEEDS_HELD);
    }

    @Test
    void cannotPayOutAnAmountWithoutItsMilestone() {
        expectRefused(fixture.given(created(), fundsHeld()).when(release(null, 100)), ErrorCode.VALIDATION_FAILED);
        expectRefused(fixture.given(created(), fundsHeld())
                             .when(new RefundFundsCommand(ESCROW_ID, INTEGRATOR, null, LATER, true, 100L)),
                ErrorCode.VALIDATION_FAILED);
    }

    /** A part refunded, then the rest released: the milestone is SETTLED, and the escrow with it once all is paid. */
    @Test
    void aMilestonePaidOutToBothSidesSettles() {
        MilestoneRefundedEvent part = new MilestoneRefundedEvent(ESCROW_ID, "ms_design", usd(5000), LATER, usd(0),
                usd(0), usd(15000));
        fixture.given(created(), fundsHeld())
               .when(new RefundFundsCommand(ESCROW_ID, INTEGRATOR, "ms_design", LATER, true, 5000L))
               .expectEvents(part);
        fixture.given(created(), fundsHeld(), part)
               .when(new ReleaseFundsCommand(ESCROW_ID, INTEGRATOR, null, LATER))
               .expectEvents(new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(15000), LATER, usd(0), usd(0)),
                       new MilestoneReleasedEvent(ESCROW_ID, "ms_development", usd(30000), LATER, usd(0), usd(0)),
                       new EscrowClosedEvent(ESCROW_ID, EscrowState.SETTLED, usd(45000), usd(5000), LATER));
    }

    /**
     * 8000 of the design milestone released (200 of its fee), then a dispute: it holds the 42000 that remain, and the
     * seed's 35 / 65 decision pays out only those, with the 1050 of fee still due shared by the same ratio.
     */
    @Test
    void aDisputeAfterAPartialReleaseDecidesOnlyWhatRemains() {
        MilestoneReleasedEvent part = new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(8000), LATER, usd(200),
                usd(12000));
        EscrowFundedFromVaultEvent funded = new EscrowFundedFromVaultEvent(ESCROW_ID, VAULT, "agt_1", "mrc_1",
                usd(50000), CREATED_AT);
        DisputeOpenedEvent opened = new DisputeOpenedEvent(ESCROW_ID, DISPUTE_ID, DisputeReason.DELIVERABLE_INCOMPLETE,
                null, CLIENT, usd(42000), DISPUTED_AT);
        fixture.given(seedCreatedWithFee(), funded, part)
               .when(new OpenDisputeCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, DisputeReason.DELIVERABLE_INCOMPLETE,
                       null, CLIENT, DISPUTED_AT, null))
               .expectEvents(opened);

        fixture.given(seedCreatedWithFee(), funded, part, opened,
                       new EvidenceLockedEvent(ESCROW_ID, DISPUTE_ID, 0, EvidenceDigest.of(List.of()), LOCKED_AT))
               .when(new DecideDisputeCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, DisputeOutcome.SPLIT, SEED_SPLIT,
                       "Half done", LOCKED_AT))
               .expectEvents(new DisputeResolvedEvent(ESCROW_ID, DISPUTE_ID, DisputeOutcome.SPLIT, SEED_SPLIT,
                               "Half done", usd(42000), new Payout(usd(14700), usd(27300)), null, LOCKED_AT,
                               usd(682), usd(368)),
                       new EscrowClosedEvent(ESCROW_ID, EscrowState.RESOLVED, usd(8000 + 27300), usd(14700),
                               LOCKED_AT));
        assertThat(vaults.calls).containsExactly("settle " + VAULT + " mrc_1 released 26618 refunded 14700 fee 682");
    }

    @Test
    void cannotRefundPartOfWhatIsHeldWhileADisputeIsOpen() {
        expectRefused(fixture.given(created(), fundsHeld(), disputeOpened())
                             .when(new RefundFundsCommand(ESCROW_ID, INTEGRATOR, null, LATER, true, 100L)),
                ErrorCode.INVALID_STATE_TRANSITION);
    }
}
