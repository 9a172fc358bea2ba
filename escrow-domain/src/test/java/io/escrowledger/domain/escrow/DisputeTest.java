package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.DecideDisputeCommand;
import io.escrowledger.domain.escrow.command.IssueRecommendationCommand;
import io.escrowledger.domain.escrow.command.LockEvidenceCommand;
import io.escrowledger.domain.escrow.command.OpenDisputeCommand;
import io.escrowledger.domain.escrow.command.RefundFundsCommand;
import io.escrowledger.domain.escrow.command.ReleaseFundsCommand;
import io.escrowledger.domain.escrow.command.SubmitDeliverableCommand;
import io.escrowledger.domain.escrow.command.SubmitEvidenceCommand;
import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.EvidenceSubmittedEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.event.RecommendationIssuedEvent;
import io.escrowledger.domain.escrow.recommendation.DisputeFacts;
import io.escrowledger.domain.escrow.recommendation.Recommendation;
import io.escrowledger.domain.escrow.recommendation.RecommendationEngine;
import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.Evidence;
import io.escrowledger.domain.escrow.value.FeeSplit;
import io.escrowledger.domain.escrow.value.Payout;
import io.escrowledger.domain.escrow.value.PayoutBreakdown;
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

/** Steps 4 to 7 of the quick-start guide as aggregate rules: open, evidence, lock, recommendation, decision. */
class DisputeTest {

    private static final String EVIDENCE_1 = "evd_1";
    private static final String EVIDENCE_2 = "evd_2";

    private AggregateTestFixture<Escrow> fixture;

    @BeforeEach
    void setUp() {
        fixture = escrowFixture();
    }

    private static OpenDisputeCommand open() {
        return new OpenDisputeCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, DisputeReason.DELIVERABLE_INCOMPLETE,
                "The development milestone is half done", CLIENT, DISPUTED_AT, null);
    }

    private static EvidenceLockedEvent locked(List<Evidence> evidence) {
        return new EvidenceLockedEvent(ESCROW_ID, DISPUTE_ID, evidence.size(), EvidenceDigest.of(evidence), LOCKED_AT);
    }

    private static Evidence evidenceOf(EvidenceSubmittedEvent event) {
        return new Evidence(event.evidenceId(), event.submittedBy(), event.reference(), event.submittedAt());
    }

    private static DecideDisputeCommand decide(DisputeOutcome decision, Ratio ratio) {
        return new DecideDisputeCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, decision, ratio, "Delivered late but functional",
                LOCKED_AT);
    }

    private static Ratio split(String client, String contractor) {
        return new Ratio(new BigDecimal(client), new BigDecimal(contractor));
    }

    @Test
    void canOpenDisputeWhileMoneyIsHeld() {
        fixture.given(created(), fundsHeld(), designDelivered())
               .when(open())
               .expectEvents(disputeOpened())
               .expectResultMessagePayload(DISPUTE_ID);
    }

    @Test
    void cannotOpenDisputeBeforeFunding() {
        expectRefused(fixture.given(created()).when(open()), ErrorCode.INVALID_STATE_TRANSITION);
    }

    @Test
    void cannotOpenASecondDispute() {
        expectRefused(fixture.given(created(), fundsHeld(), disputeOpened()).when(open()),
                ErrorCode.INVALID_STATE_TRANSITION);
    }

    @Test
    void cannotOpenDisputeAfterTheEscrowClosed() {
        expectRefused(fixture.given(created(), fundsHeld(),
                                     new MilestoneRefundedEvent(ESCROW_ID, "ms_design", usd(20000), LATER),
                                     new MilestoneRefundedEvent(ESCROW_ID, "ms_development", usd(30000), LATER),
                                     new EscrowClosedEvent(ESCROW_ID, EscrowState.REFUNDED, usd(0), usd(50000), LATER))
                             .when(open()),
                ErrorCode.INVALID_STATE_TRANSITION);
    }

    @Test
    void cannotReleaseRefundOrDeliverWhileADisputeIsOpen() {
        expectRefused(fixture.given(created(), fundsHeld(), disputeOpened())
                             .when(new ReleaseFundsCommand(ESCROW_ID, INTEGRATOR, null, LATER)),
                ErrorCode.INVALID_STATE_TRANSITION);
        expectRefused(fixture.given(created(), fundsHeld(), disputeOpened())
                             .when(new RefundFundsCommand(ESCROW_ID, INTEGRATOR, "ms_design", LATER)),
                ErrorCode.INVALID_STATE_TRANSITION);
        expectRefused(fixture.given(created(), fundsHeld(), disputeOpened())
                             .when(new SubmitDeliverableCommand(ESCROW_ID, INTEGRATOR, "ms_design", PULL_REQUEST, LATER)),
                ErrorCode.INVALID_STATE_TRANSITION);
    }

    @Test
    void canSubmitEvidenceWhileOpen() {
        fixture.given(created(), fundsHeld(), disputeOpened())
               .when(new SubmitEvidenceCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, EVIDENCE_1, CONTRACTOR, DRIVE_FILE,
                       DISPUTED_AT.plusSeconds(3600)))
               .expectEvents(contractorEvidence(EVIDENCE_1));
    }

    @Test
    void cannotSubmitEvidenceToAnUnknownOrForeignDispute() {
        expectRefused(fixture.given(created(), fundsHeld(), disputeOpened())
                             .when(new SubmitEvidenceCommand(ESCROW_ID, INTEGRATOR, "dsp_other", EVIDENCE_1, CONTRACTOR,
                                     DRIVE_FILE, LATER)),
                ErrorCode.DISPUTE_NOT_FOUND);
        expectRefused(fixture.given(created(), fundsHeld(), disputeOpened())
                             .when(new SubmitEvidenceCommand(ESCROW_ID, "int_other", DISPUTE_ID, EVIDENCE_1, CONTRACTOR,
                                     DRIVE_FILE, LATER)),
                ErrorCode.DISPUTE_NOT_FOUND);
    }

    @Test
    void canLockEvidenceWithADigestOfItsIdsAndHashesInOrder() {
        EvidenceSubmittedEvent first = contractorEvidence(EVIDENCE_1);
        EvidenceSubmittedEvent second = contractorEvidence(EVIDENCE_2);
        fixture.given(created(), fundsHeld(), disputeOpened(), first, second)
               .when(new LockEvidenceCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, LOCKED_AT))
               .expectEvents(new EvidenceLockedEvent(ESCROW_ID, DISPUTE_ID, 2,
                       // printf 'evd_1\nsha256:9f86d081884c7d659a2feaa0c55ad015\nevd_2\nsha256:9f86d081884c7d659a2feaa0c55ad015\n' | sha256sum
                       "sha256:632a2b84f14a8dfa4aba7f88a4e07060456ff9ddbc82771d7ee0d347928c850c", LOCKED_AT));
    }

    @Test
    void cannotSubmitEvidenceAfterTheLock() {
        expectRefused(fixture.given(created(), fundsHeld(), disputeOpened(), locked(List.of()))
                             .when(new SubmitEvidenceCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, EVIDENCE_1, CLIENT,
                                     DRIVE_FILE, LATER)),
                ErrorCode.EVIDENCE_LOCKED);
    }

    @Test
    void cannotLockTwice() {
        expectRefused(fixture.given(created(), fundsHeld(), disputeOpened(), locked(List.of()))
                             .when(new LockEvidenceCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, LOCKED_AT)),
                ErrorCode.INVALID_STATE_TRANSITION);
    }

    @Test
    void cannotRecommendBeforeTheLock() {
        expectRefused(fixture.given(created(), fundsHeld(), disputeOpened())
                             .when(new IssueRecommendationCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, LOCKED_AT)),
                ErrorCode.EVIDENCE_NOT_LOCKED);
    }

    @Test
    void canRecommendOnceAndAnswerTheRecordedRecommendationAfterwards() {
        EvidenceSubmittedEvent evidence = contractorEvidence(EVIDENCE_1);
        Recommendation expected = RecommendationEngine.recommend(new DisputeFacts(usd(50000), List.of(
                new DisputeFacts.MilestoneFacts("ms_design", 20000, DESIGN.deadline(), LATER),
                new DisputeFacts.MilestoneFacts("ms_development", 30000, DEVELOPMENT.deadline(), null)),
                DisputeReason.DELIVERABLE_INCOMPLETE, ActorRole.CLIENT, DISPUTED_AT,
                List.of(new DisputeFacts.EvidenceFacts(ActorRole.CONTRACTOR, evidence.submittedAt()))));
        RecommendationIssuedEvent issued = new RecommendationIssuedEvent(ESCROW_ID, DISPUTE_ID, expected, LOCKED_AT);

        fixture.given(created(), fundsHeld(), designDelivered(), disputeOpened(), evidence, locked(List.of(evidenceOf(evidence))))
               .when(new IssueRecommendationCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, LOCKED_AT))
               .expectEvents(issued)
               .expectResultMessagePayload(expected);
        assertThat(expected.signals()).containsExactly("partial_completion", "no_counter_evidence");

        fixture.given(created(), fundsHeld(), designDelivered(), disputeOpened(), evidence,
                       locked(List.of(evidenceOf(evidence))), issued)
               .when(new IssueRecommendationCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, LOCKED_AT.plusSeconds(60)))
               .expectNoEvents()
               .expectResultMessagePayload(expected);
    }

    @Test
    void canDecideASplitThatPaysOutTheSeedsFigures() {
        Payout payout = new Payout(usd(17500), usd(32500));
        fixture.given(created(), fundsHeld(), disputeOpened(), locked(List.of()))
               .when(decide(DisputeOutcome.SPLIT, split("0.35", "0.65")))
               .expectEvents(new DisputeResolvedEvent(ESCROW_ID, DISPUTE_ID, DisputeOutcome.SPLIT,
                               split("0.35", "0.65"), "Delivered late but functional", usd(50000), payout, null, LOCKED_AT),
                       new EscrowClosedEvent(ESCROW_ID, EscrowState.RESOLVED, usd(32500), usd(17500), LOCKED_AT))
               .expectResultMessagePayload(new PayoutBreakdown(FeeSplit.of(usd(17500), usd(0)),
                       FeeSplit.of(usd(32500), usd(0))));
    }

    @Test
    void decisionPaysOnlyWhatIsStillHeld() {
        MilestoneReleasedEvent designReleased = new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(20000), LATER);
        DisputeOpenedEvent opened = new DisputeOpenedEvent(ESCROW_ID, DISPUTE_ID, DisputeReason.NOT_DELIVERED, null,
                CLIENT, usd(30000), DISPUTED_AT);
        fixture.given(created(), fundsHeld(), designReleased, opened, locked(List.of()))
               .when(decide(DisputeOutcome.REFUND, null))
               .expectEvents(new DisputeResolvedEvent(ESCROW_ID, DISPUTE_ID, DisputeOutcome.REFUND, Ratio.ALL_TO_CLIENT,
                               "Delivered late but functional", usd(30000), new Payout(usd(30000), usd(0)), null, LOCKED_AT),
                       new EscrowClosedEvent(ESCROW_ID, EscrowState.RESOLVED, usd(20000), usd(30000), LOCKED_AT));
    }

    @Test
    void releaseDecisionPaysTheContractorEverythingHeld() {
        fixture.given(created(), fundsHeld(), disputeOpened(), locked(List.of()))
               .when(decide(DisputeOutcome.RELEASE, Ratio.ALL_TO_CONTRACTOR))
               .expectResultMessagePayload(new PayoutBreakdown(FeeSplit.of(usd(0), usd(0)),
                       FeeSplit.of(usd(50000), usd(0))));
    }

    @Test
    void cannotDecideBeforeTheLock() {
        expectRefused(fixture.given(created(), fundsHeld(), disputeOpened())
                             .when(decide(DisputeOutcome.REFUND, null)),
                ErrorCode.EVIDENCE_NOT_LOCKED);
    }

    @Test
    void cannotDecideTwice() {
        expectRefused(fixture.given(created(), fundsHeld(), disputeOpened(), locked(List.of()),
                                     new DisputeResolvedEvent(ESCROW_ID, DISPUTE_ID, DisputeOutcome.REFUND,
                                             Ratio.ALL_TO_CLIENT, "x", usd(50000), new Payout(usd(50000), usd(0)),
                                             null, LOCKED_AT),
                                     new EscrowClosedEvent(ESCROW_ID, EscrowState.RESOLVED, usd(0), usd(50000), LOCKED_AT))
                             .when(decide(DisputeOutcome.RELEASE, null)),
                ErrorCode.INVALID_STATE_TRANSITION);
    }

    @Test
    void cannotDecideASplitWithoutARatioOrAReleaseWithAContradictingOne() {
        expectRefused(fixture.given(created(), fundsHeld(), disputeOpened(), locked(List.of()))
                             .when(decide(DisputeOutcome.SPLIT, null)),
                ErrorCode.VALIDATION_FAILED);
        expectRefused(fixture.given(created(), fundsHeld(), disputeOpened(), locked(List.of()))
                             .when(decide(DisputeOutcome.RELEASE, split("0.5", "0.5"))),
                ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void recordsWhetherTheDecisionFollowedARecommendation() {
        Recommendation refund = RecommendationEngine.recommend(new DisputeFacts(usd(50000), List.of(),
                DisputeReason.NOT_DELIVERED, ActorRole.CLIENT, DISPUTED_AT, List.of()));
        fixture.given(created(), fundsHeld(), disputeOpened(), locked(List.of()),
                       new RecommendationIssuedEvent(ESCROW_ID, DISPUTE_ID, refund, LOCKED_AT))
               .when(decide(DisputeOutcome.REFUND, null))
               .expectEvents(new DisputeResolvedEvent(ESCROW_ID, DISPUTE_ID, DisputeOutcome.REFUND, Ratio.ALL_TO_CLIENT,
                               "Delivered late but functional", usd(50000), new Payout(usd(50000), usd(0)),
                               DisputeOutcome.REFUND, LOCKED_AT),
                       new EscrowClosedEvent(ESCROW_ID, EscrowState.RESOLVED, usd(0), usd(50000), LOCKED_AT));
    }

    @Test
    void aFullRefundDuringTheDisputeConcedesItToTheClient() {
        fixture.given(created(), fundsHeld(), disputeOpened())
               .when(new RefundFundsCommand(ESCROW_ID, INTEGRATOR, null, LOCKED_AT))
               .expectEvents(new DisputeResolvedEvent(ESCROW_ID, DISPUTE_ID, DisputeOutcome.REFUND, Ratio.ALL_TO_CLIENT,
                               "Refunded in full by the integrator while the dispute was open", usd(50000),
                               new Payout(usd(50000), usd(0)), null, LOCKED_AT),
                       new EscrowClosedEvent(ESCROW_ID, EscrowState.RESOLVED, usd(0), usd(50000), LOCKED_AT));
    }

    @Test
    void oneMilestoneCannotBeRefundedAloneDuringTheDispute() {
        expectRefused(fixture.given(created(), fundsHeld(), disputeOpened())
                             .when(new RefundFundsCommand(ESCROW_ID, INTEGRATOR, "ms_design", LOCKED_AT)),
                ErrorCode.INVALID_STATE_TRANSITION);
    }
}
