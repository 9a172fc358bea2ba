package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.LockEvidenceCommand;
import io.escrowledger.domain.escrow.command.OpenDisputeCommand;
import io.escrowledger.domain.escrow.command.SubmitEvidenceCommand;
import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.EvidenceSubmittedEvent;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.Evidence;
import io.escrowledger.domain.escrow.value.EvidenceLockCause;
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

/** A dispute's evidence deadline (evidence_due_by): the evidence is locked when it passes, as Stripe's due_by. */
class EvidenceDeadlineTest {

    private static final Instant DUE_BY = DISPUTED_AT.plusSeconds(7 * 24 * 3600);

    private AggregateTestFixture<Escrow> fixture;

    @BeforeEach
    void setUp() {
        fixture = escrowFixture();
    }

    private static OpenDisputeCommand openDueBy(Instant dueBy) {
        return new OpenDisputeCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, DisputeReason.DELIVERABLE_INCOMPLETE,
                "The development milestone is half done", CLIENT, DISPUTED_AT, dueBy);
    }

    private static DisputeOpenedEvent openedDueBy(Instant dueBy) {
        return new DisputeOpenedEvent(ESCROW_ID, DISPUTE_ID, DisputeReason.DELIVERABLE_INCOMPLETE,
                "The development milestone is half done", CLIENT, usd(50000), DISPUTED_AT, dueBy);
    }

    private static SubmitEvidenceCommand evidenceAt(Instant at) {
        return new SubmitEvidenceCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, "evd_1", CONTRACTOR, DRIVE_FILE, at);
    }

    @Test
    void canOpenDisputeWithEvidenceDeadline() {
        fixture.given(created(), fundsHeld())
               .when(openDueBy(DUE_BY))
               .expectEvents(openedDueBy(DUE_BY))
               .expectScheduledDeadline(DUE_BY, new EscrowDeadlines.EvidenceDue(DISPUTE_ID, DUE_BY));
    }

    @Test
    void aDisputeWithoutEvidenceDeadlineSchedulesNothing() {
        fixture.given(created(), fundsHeld())
               .when(openDueBy(null))
               .expectEvents(openedDueBy(null))
               .expectNoScheduledDeadlines();
    }

    @Test
    void theDeadlineLocksTheEvidenceSubmittedSoFar() {
        EvidenceSubmittedEvent submitted = contractorEvidence("evd_1");
        Evidence evidence = new Evidence("evd_1", CONTRACTOR, DRIVE_FILE, submitted.submittedAt());
        fixture.givenCurrentTime(DISPUTED_AT)
               .andGiven(created(), fundsHeld())
               .andGivenCommands(openDueBy(DUE_BY))
               .andGiven(submitted)
               .whenThenTimeAdvancesTo(DUE_BY)
               .expectDeadlinesMet(new EscrowDeadlines.EvidenceDue(DISPUTE_ID, DUE_BY))
               .expectEvents(new EvidenceLockedEvent(ESCROW_ID, DISPUTE_ID, 1, EvidenceDigest.of(List.of(evidence)),
                       DUE_BY, EvidenceLockCause.EVIDENCE_DEADLINE));
    }

    @Test
    void theDeadlineDoesNothingOnceTheIntegratorLocked() {
        fixture.givenCurrentTime(DISPUTED_AT)
               .andGiven(created(), fundsHeld())
               .andGivenCommands(openDueBy(DUE_BY), new LockEvidenceCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID,
                       LOCKED_AT))
               .whenThenTimeAdvancesTo(DUE_BY)
               .expectDeadlinesMet(new EscrowDeadlines.EvidenceDue(DISPUTE_ID, DUE_BY))
               .expectNoEvents();
    }

    @Test
    void theDeadlineDoesNothingOnceTheDisputeIsResolved() {
        fixture.givenCurrentTime(DISPUTED_AT)
               .andGiven(created(), fundsHeld())
               .andGivenCommands(openDueBy(DUE_BY))
               .andGiven(new DisputeResolvedEvent(ESCROW_ID, DISPUTE_ID, DisputeOutcome.REFUND, Ratio.ALL_TO_CLIENT,
                       "conceded", usd(50000), new Payout(usd(50000), usd(0)), null, LATER))
               .whenThenTimeAdvancesTo(DUE_BY)
               .expectNoEvents();
    }

    @Test
    void canSubmitEvidenceJustBeforeTheDeadline() {
        fixture.given(created(), fundsHeld(), openedDueBy(DUE_BY))
               .when(evidenceAt(DUE_BY.minusMillis(1)))
               .expectEvents(new EvidenceSubmittedEvent(ESCROW_ID, DISPUTE_ID, "evd_1", CONTRACTOR, DRIVE_FILE,
                       DUE_BY.minusMillis(1)));
    }

    @Test
    void cannotSubmitEvidenceFromTheDeadlineOnEvenBeforeItFired() {
        expectRefused(fixture.given(created(), fundsHeld(), openedDueBy(DUE_BY)).when(evidenceAt(DUE_BY)),
                ErrorCode.EVIDENCE_LOCKED);
    }

    @Test
    void cannotSubmitEvidenceAfterTheDeadlineLockedIt() {
        expectRefused(fixture.given(created(), fundsHeld(), openedDueBy(DUE_BY),
                        new EvidenceLockedEvent(ESCROW_ID, DISPUTE_ID, 0, EvidenceDigest.of(List.of()), DUE_BY,
                                EvidenceLockCause.EVIDENCE_DEADLINE))
                              .when(evidenceAt(DUE_BY.plusSeconds(1))),
                ErrorCode.EVIDENCE_LOCKED);
    }

    @Test
    void cannotLockAgainAfterTheDeadlineLockedIt() {
        expectRefused(fixture.given(created(), fundsHeld(), openedDueBy(DUE_BY),
                        new EvidenceLockedEvent(ESCROW_ID, DISPUTE_ID, 0, EvidenceDigest.of(List.of()), DUE_BY,
                                EvidenceLockCause.EVIDENCE_DEADLINE))
                              .when(new LockEvidenceCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, DUE_BY)),
                ErrorCode.INVALID_STATE_TRANSITION);
    }
}
