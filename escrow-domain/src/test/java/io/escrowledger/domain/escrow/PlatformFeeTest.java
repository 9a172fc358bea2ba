package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.CreateEscrowCommand;
import io.escrowledger.domain.escrow.command.DecideDisputeCommand;
import io.escrowledger.domain.escrow.command.RefundFundsCommand;
import io.escrowledger.domain.escrow.command.ReleaseFundsCommand;
import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowFundedFromVaultEvent;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.policy.PlatformFeePolicy;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.FeeRounding;
import io.escrowledger.domain.escrow.value.FundingSource;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.escrow.value.Payout;
import io.escrowledger.domain.escrow.value.PlatformFee;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.List;

import static io.escrowledger.domain.escrow.EscrowSamples.*;
import static io.escrowledger.domain.support.Refusals.expectRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** The platform's fee: worked out per milestone at creation, and taken from every release, refund and decision. */
class PlatformFeeTest {

    private static final String VAULT = "0190a5c4-8f00-7000-8000-0000000000aa";
    private static final PlatformFee TWO_AND_A_HALF_PERCENT = PlatformFee.basisPoints(250, FeeRounding.HALF_UP);

    private AggregateTestFixture<Escrow> fixture;
    private RecordingVaultFunding vaults;

    @BeforeEach
    void setUp() {
        vaults = new RecordingVaultFunding();
        fixture = escrowFixture(vaults);
    }

    private static CreateEscrowCommand createWithFee(PlatformFee fee, FundingSource funding,
                                                     MilestoneTerms... milestones) {
        long total = 0;
        for (MilestoneTerms milestone : milestones) {
            total += milestone.amount().minorUnits();
        }
        return new CreateEscrowCommand(ESCROW_ID, INTEGRATOR, "order_12345", usd(total), List.of(milestones), funding,
                null, null, CREATED_AT, fee);
    }

    /** The seed escrow with 2.5% on both milestones: 500 on design, 750 on development. */
    private static EscrowCreatedEvent seedCreatedWithFee() {
        return new EscrowCreatedEvent(ESCROW_ID, INTEGRATOR, "order_12345", usd(50000),
                List.of(DESIGN.withFee(usd(500)), DEVELOPMENT.withFee(usd(750))), null, null, CREATED_AT,
                TWO_AND_A_HALF_PERCENT);
    }

    @Test
    void canCreateAnEscrowWhoseFeeIsSharedAmongItsMilestones() {
        fixture.givenNoPriorActivity()
               .when(createWithFee(TWO_AND_A_HALF_PERCENT, null, DESIGN, DEVELOPMENT))
               .expectEvents(seedCreatedWithFee());
    }

    /** A fixed fee of 100 over 3333 + 3334 + 3333 does not divide evenly: 33 + 33 + 34, adding up to 100. */
    @Test
    void aFixedFeeThatDoesNotDivideEvenlyIsSharedToTheUnit() {
        List<MilestoneTerms> terms = PlatformFeePolicy.withFees(usd(10000), PlatformFee.fixed(usd(100)), List.of(
                new MilestoneTerms("a", usd(3333), null), new MilestoneTerms("b", usd(3334), null),
                new MilestoneTerms("c", usd(3333), null)));

        assertThat(terms).extracting(t -> t.fee().minorUnits()).containsExactly(33L, 33L, 34L);
    }

    /** 250 basis points of 1060 is 26.5: each rounding rule says where the half unit goes. */
    @ParameterizedTest
    @CsvSource({"HALF_UP, 27", "HALF_EVEN, 26", "UP, 27", "DOWN, 26"})
    void aFeeInBasisPointsIsRoundedByItsRule(FeeRounding rounding, long expected) {
        assertThat(PlatformFee.basisPoints(250, rounding).on(usd(1060))).isEqualTo(usd(expected));
    }

    /** A milestone's own fee replaces the escrow's for it; the escrow's applies to the rest only. */
    @Test
    void aMilestonesOwnFeeReplacesTheEscrowsForIt() {
        List<MilestoneTerms> terms = PlatformFeePolicy.withFees(usd(50000), TWO_AND_A_HALF_PERCENT, List.of(DESIGN,
                new MilestoneTerms("ms_development", usd(30000), null, PlatformFee.fixed(usd(99)), null)));

        assertThat(terms).extracting(t -> t.fee().minorUnits()).containsExactly(500L, 99L);
    }

    @Test
    void cannotCreateAnEscrowWhoseFeeExceedsItsMilestone() {
        expectRefused(fixture.givenNoPriorActivity().when(createWithFee(null, null, DESIGN,
                new MilestoneTerms("ms_development", usd(30000), null, PlatformFee.fixed(usd(30001)), null))),
                ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void aReleaseStatesTheFeeAndTheVaultPaysItToThePlatform() {
        fixture.given(seedCreatedWithFee(), new EscrowFundedFromVaultEvent(ESCROW_ID, VAULT, "agt_1", "mrc_1",
                       usd(50000), CREATED_AT))
               .when(new ReleaseFundsCommand(ESCROW_ID, INTEGRATOR, "ms_design", LATER))
               .expectEvents(new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(20000), LATER, usd(500), usd(0)));
        assertThat(vaults.calls).containsExactly("settle " + VAULT + " mrc_1 released 19500 refunded 0 fee 500");
    }

    @Test
    void aRefundReturnsTheFeeUnlessTheIntegratorKeepsIt() {
        fixture.given(seedCreatedWithFee(), fundsHeld())
               .when(new RefundFundsCommand(ESCROW_ID, INTEGRATOR, "ms_design", LATER))
               .expectEvents(new MilestoneRefundedEvent(ESCROW_ID, "ms_design", usd(20000), LATER, usd(0), usd(500),
                       usd(0)));
        fixture.given(seedCreatedWithFee(), fundsHeld())
               .when(new RefundFundsCommand(ESCROW_ID, INTEGRATOR, "ms_design", LATER, false))
               .expectEvents(new MilestoneRefundedEvent(ESCROW_ID, "ms_design", usd(20000), LATER, usd(500), usd(0),
                       usd(0)));
    }

    /**
     * The seed's decision (35 / 65) on an escrow with 1250 of fee due: the contractor's share carries 65% of it,
     * 812.5 rounded half-even to 812; the client's 438 is returned, and the client's share carries no fee.
     */
    @Test
    void aDecisionSharesTheFeeDueByItsRatio() {
        DisputeResolvedEvent resolved = new DisputeResolvedEvent(ESCROW_ID, DISPUTE_ID, DisputeOutcome.SPLIT,
                new Ratio(new BigDecimal("0.35"), new BigDecimal("0.65")), "Late but functional", usd(50000),
                new Payout(usd(17500), usd(32500)), null, LATER, usd(812), usd(438));
        fixture.given(seedCreatedWithFee(), new EscrowFundedFromVaultEvent(ESCROW_ID, VAULT, "agt_1", "mrc_1",
                               usd(50000), CREATED_AT), disputeOpened(),
                       new EvidenceLockedEvent(ESCROW_ID, DISPUTE_ID, 0, EvidenceDigest.of(List.of()), LOCKED_AT))
               .when(new DecideDisputeCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, DisputeOutcome.SPLIT,
                       new Ratio(new BigDecimal("0.35"), new BigDecimal("0.65")), "Late but functional", LATER))
               .expectEvents(resolved,
                       new EscrowClosedEvent(ESCROW_ID, EscrowState.RESOLVED, usd(32500), usd(17500), LATER));
        assertThat(vaults.calls).containsExactly("settle " + VAULT + " mrc_1 released 31688 refunded 17500 fee 812");
        assertThat(resolved.contractor().net()).isEqualTo(usd(31688));
        assertThat(resolved.client().net()).isEqualTo(usd(17500));
    }

    @Test
    void moneyTimesAFractionIsExactForTheLargestAmounts() {
        Money largest = Money.of(Money.MAX_MINOR_UNITS, "USD");

        assertThat(largest.times(9_999, 10_000, java.math.RoundingMode.FLOOR).minorUnits())
                .isEqualTo(new java.math.BigInteger(String.valueOf(Money.MAX_MINOR_UNITS))
                        .multiply(java.math.BigInteger.valueOf(9_999)).divide(java.math.BigInteger.valueOf(10_000))
                        .longValueExact());
    }
}
