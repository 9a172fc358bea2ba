package io.escrowledger.domain.escrow;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.axonframework.serialization.Revision;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One escrow and its milestones. Command handlers check the rules, then apply events; only the event sourcing handlers
 * change state. Time and ids arrive with the commands.
 */
// The revision of its snapshots: raise it when the fields change, and older snapshots are ignored.
@Revision("1")
public class Escrow {

    static final int MAX_MILESTONES = 100;
    /** Where released money goes when the escrow names no contractor; no contractor id can take this form. */
    public static final String UNASSIGNED_MERCHANT = "~unassigned";

    @AggregateIdentifier
    private String escrowId;
    private String integratorId;
    private Money totalAmount;
    private String externalPaymentRef;
    private EscrowState state;
    private Map<String, Milestone> milestones = new LinkedHashMap<>();
    /** The escrow's dispute, once one is opened (there is at most one: a decision closes the escrow). */
    private Dispute dispute;
    /** The vault the money is held in, for a vault-funded escrow; null when the integrator holds it elsewhere. */
    private FundingSource funding;

    protected Escrow() {
        // Required by Axon to rebuild the aggregate from its events.
    }

    @CommandHandler
    @JsonCreator(mode = JsonCreator.Mode.DISABLED) // snapshots are read through the no-argument constructor
    public Escrow(CreateEscrowCommand command, ExternalIdRegistry externalIds, VaultFunding vaults) {
        requireValidTerms(command.totalAmount(), command.milestones());
        externalIds.claim(command.integratorId(), command.externalId(), command.escrowId())
                   .ifPresent(existing -> {
                       throw new DomainException(ErrorCode.DUPLICATE_EXTERNAL_ID,
                               "External id " + command.externalId() + " is already used by escrow " + existing,
                               Map.of("existing_escrow_id", existing));
                   });
        apply(new EscrowCreatedEvent(command.escrowId(), command.integratorId(), command.externalId(),
                command.totalAmount(), command.milestones(), command.requestedAt()));
        FundingSource source = command.funding();
        if (source != null) {
            vaults.hold(source.vaultId(), command.integratorId(), command.escrowId(), command.totalAmount(),
                    command.requestedAt());
            apply(new EscrowFundedFromVaultEvent(command.escrowId(), source.vaultId(), source.clientId(),
                    source.contractorId(), command.totalAmount(), command.requestedAt()));
        }
    }

    /** @return the escrow's state after the declaration; declaring the same reference again changes nothing */
    @CommandHandler
    public EscrowState handle(DeclareFundsHeldCommand command) {
        requireOwner(command.integratorId());
        if (externalPaymentRef != null) {
            if (externalPaymentRef.equals(command.externalPaymentRef())) {
                return state;
            }
            throw new DomainException(ErrorCode.PAYMENT_REFERENCE_CONFLICT,
                    "Funds were already declared held with payment reference " + externalPaymentRef);
        }
        requireState(EscrowState.CREATED, "declare funds held");
        apply(new FundsHeldEvent(escrowId, command.externalPaymentRef(), totalAmount, command.declaredAt(),
                command.requestedAt()));
        return state;
    }

    @CommandHandler
    public void handle(SubmitDeliverableCommand command) {
        requireOwner(command.integratorId());
        Milestone milestone = milestone(command.milestoneId());
        if (!state.isActive() || !milestone.state().isHeld()) {
            throw invalidTransition("submit a deliverable for milestone " + milestone.terms().milestoneId()
                    + " (escrow " + state + ", milestone " + milestone.state() + ")");
        }
        apply(new DeliverableSubmittedEvent(escrowId, milestone.terms().milestoneId(), command.reference(),
                command.requestedAt()));
    }

    @CommandHandler
    public void handle(ReleaseFundsCommand command, VaultFunding vaults) {
        requireOwner(command.integratorId());
        Money released = payOut(heldMilestones(command.milestoneId(), "release"), terms -> new MilestoneReleasedEvent(
                escrowId, terms.milestoneId(), terms.amount(), command.requestedAt()));
        settleVault(vaults, released, Money.zero(totalAmount.currency()), command.requestedAt());
        closeIfNothingHeld(command.requestedAt());
    }

    @CommandHandler
    public void handle(RefundFundsCommand command, VaultFunding vaults) {
        requireOwner(command.integratorId());
        Money refunded = payOut(heldMilestones(command.milestoneId(), "refund"), terms -> new MilestoneRefundedEvent(
                escrowId, terms.milestoneId(), terms.amount(), command.requestedAt()));
        settleVault(vaults, Money.zero(totalAmount.currency()), refunded, command.requestedAt());
        closeIfNothingHeld(command.requestedAt());
    }

    /** Records one release or refund event per milestone. @return what those milestones held */
    private Money payOut(List<Milestone> paid, Function<MilestoneTerms, EscrowEvent> event) {
        paid.forEach(milestone -> apply(event.apply(milestone.terms())));
        return sum(paid.stream());
    }

    /** For a vault-funded escrow, the money leaving the escrow leaves the vault's hold in the same transaction. */
    private void settleVault(VaultFunding vaults, Money released, Money refunded, Instant at) {
        if (funding != null) {
            vaults.settle(funding.vaultId(), integratorId, escrowId,
                    funding.contractorId() == null ? UNASSIGNED_MERCHANT : funding.contractorId(), released, refunded,
                    at);
        }
    }

    /** @return the opened dispute's id */
    @CommandHandler
    public String handle(OpenDisputeCommand command) {
        requireOwner(command.integratorId());
        if (!state.isActive()) {
            throw invalidTransition("open a dispute on an escrow in state " + state
                    + (state == EscrowState.DISPUTED ? ": a dispute is already open" : ": no money is held"));
        }
        apply(new DisputeOpenedEvent(escrowId, command.disputeId(), command.reason(), command.openedBy(),
                heldTotal(), command.requestedAt()));
        return command.disputeId();
    }

    @CommandHandler
    public void handle(SubmitEvidenceCommand command) {
        Dispute current = dispute(command.integratorId(), command.disputeId());
        if (current.state() != DisputeState.OPEN) {
            throw new DomainException(ErrorCode.EVIDENCE_LOCKED,
                    "Dispute " + current.disputeId() + " is " + current.state() + ": its evidence is sealed");
        }
        apply(new EvidenceSubmittedEvent(escrowId, current.disputeId(), command.evidenceId(), command.submittedBy(),
                command.reference(), command.requestedAt()));
    }

    @CommandHandler
    public void handle(LockEvidenceCommand command) {
        Dispute current = dispute(command.integratorId(), command.disputeId());
        if (current.state() != DisputeState.OPEN) {
            throw invalidTransition("lock the evidence of dispute " + current.disputeId() + " in state "
                    + current.state());
        }
        apply(new EvidenceLockedEvent(escrowId, current.disputeId(), current.evidence().size(),
                EvidenceDigest.of(current.evidence()), command.requestedAt()));
    }

    /** The first call computes and records the recommendation; every later call answers the recorded one. */
    @CommandHandler
    public Recommendation handle(IssueRecommendationCommand command) {
        Dispute current = requireLocked(dispute(command.integratorId(), command.disputeId()));
        if (current.recommendation() == null && current.state() == DisputeState.RESOLVED) {
            throw invalidTransition("recommend on dispute " + current.disputeId()
                    + ": it was decided before any recommendation was asked for");
        }
        if (current.recommendation() == null) {
            apply(new RecommendationIssuedEvent(escrowId, current.disputeId(),
                    RecommendationEngine.recommend(facts(current)), command.requestedAt()));
        }
        return dispute.recommendation();
    }

    @CommandHandler
    public Payout handle(DecideDisputeCommand command, VaultFunding vaults) {
        Dispute current = requireLocked(dispute(command.integratorId(), command.disputeId()));
        if (current.state() == DisputeState.RESOLVED) {
            throw invalidTransition("decide dispute " + current.disputeId() + ": it is already resolved");
        }
        Ratio ratio = switch (command.decision()) {
            case RELEASE -> Ratio.ALL_TO_CONTRACTOR;
            case REFUND -> Ratio.ALL_TO_CLIENT;
            case SPLIT -> command.finalRatio();
        };
        if (command.finalRatio() != null && !command.finalRatio().equals(ratio)) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "A " + command.decision() + " decision pays client " + ratio.client().stripTrailingZeros()
                    + " and contractor " + ratio.contractor().stripTrailingZeros() + "; final_ratio says otherwise");
        }
        if (ratio == null) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "A SPLIT decision needs a final_ratio");
        }
        Money held = heldTotal();
        Payout payout = Payout.of(held, ratio);
        DisputeOutcome recommended = current.recommendation() == null ? null
                : current.recommendation().recommendation();
        apply(new DisputeResolvedEvent(escrowId, current.disputeId(), command.decision(), ratio,
                command.justification(), held, payout, recommended, command.requestedAt()));
        settleVault(vaults, payout.contractor(), payout.client(), command.requestedAt());
        Money released = total(MilestoneState.RELEASED).plus(payout.contractor());
        Money refunded = total(MilestoneState.REFUNDED).plus(payout.client());
        apply(new EscrowClosedEvent(escrowId, EscrowState.RESOLVED, released, refunded, command.requestedAt()));
        return payout;
    }

    private static void requireValidTerms(Money totalAmount, List<MilestoneTerms> terms) {
        if (terms.isEmpty() || terms.size() > MAX_MILESTONES) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "An escrow has 1 to " + MAX_MILESTONES + " milestones");
        }
        Set<String> ids = new HashSet<>();
        // At most MAX_MILESTONES amounts of at most 2^53 each: the long sum cannot overflow.
        long sum = 0;
        for (MilestoneTerms milestone : terms) {
            if (!ids.add(milestone.milestoneId())) {
                throw new DomainException(ErrorCode.VALIDATION_FAILED,
                        "Milestone id " + milestone.milestoneId() + " is used twice");
            }
            if (milestone.amount().isZero() || !milestone.amount().currency().equals(totalAmount.currency())) {
                throw new DomainException(ErrorCode.VALIDATION_FAILED,
                        "Milestone " + milestone.milestoneId() + " needs a positive amount in " + totalAmount.currency());
            }
            sum += milestone.amount().minorUnits();
        }
        if (sum != totalAmount.minorUnits()) {
            throw new DomainException(ErrorCode.MILESTONES_SUM_MISMATCH, "The milestones add up to " + sum
                    + ", not to the total amount " + totalAmount.minorUnits());
        }
    }

    private void requireOwner(String callerIntegratorId) {
        // Another integrator's escrow does not exist as far as the caller is concerned: never reveal it with a 403.
        if (!integratorId.equals(callerIntegratorId)) {
            throw new DomainException(ErrorCode.ESCROW_NOT_FOUND, "No escrow " + escrowId);
        }
    }

    private void requireState(EscrowState required, String action) {
        if (state != required) {
            throw invalidTransition(action + " on an escrow in state " + state);
        }
    }

    private Milestone milestone(String milestoneId) {
        Milestone milestone = milestones.get(milestoneId);
        if (milestone == null) {
            throw new DomainException(ErrorCode.MILESTONE_NOT_FOUND,
                    "Escrow " + escrowId + " has no milestone " + milestoneId);
        }
        return milestone;
    }

    /** The milestones a release or refund acts on: the named one, or every one still held. */
    private List<Milestone> heldMilestones(String milestoneId, String action) {
        if (!state.isActive()) {
            throw invalidTransition(action + " on an escrow in state " + state
                    + (state == EscrowState.DISPUTED ? ": a dispute is open" : ""));
        }
        if (milestoneId != null) {
            Milestone milestone = milestone(milestoneId);
            if (!milestone.state().isHeld()) {
                throw invalidTransition(action + " milestone " + milestoneId + " in state " + milestone.state());
            }
            return List.of(milestone);
        }
        return held().toList();
    }

    private void closeIfNothingHeld(Instant at) {
        Money released = total(MilestoneState.RELEASED);
        Money refunded = total(MilestoneState.REFUNDED);
        if (!released.plus(refunded).equals(totalAmount)) {
            return;
        }
        EscrowState outcome = refunded.isZero() ? EscrowState.RELEASED
                : released.isZero() ? EscrowState.REFUNDED
                : EscrowState.SETTLED;
        apply(new EscrowClosedEvent(escrowId, outcome, released, refunded, at));
    }

    private Money total(MilestoneState milestoneState) {
        return sum(milestones.values().stream().filter(m -> m.state() == milestoneState));
    }

    private Stream<Milestone> held() {
        return milestones.values().stream().filter(m -> m.state().isHeld());
    }

    private Money sum(Stream<Milestone> some) {
        return some.map(m -> m.terms().amount()).reduce(Money.zero(totalAmount.currency()), Money::plus);
    }

    /** The caller's dispute on this escrow; another integrator's, or an unknown id, is not found. */
    private Dispute dispute(String callerIntegratorId, String disputeId) {
        if (!integratorId.equals(callerIntegratorId) || dispute == null || !dispute.disputeId().equals(disputeId)) {
            throw new DomainException(ErrorCode.DISPUTE_NOT_FOUND, "No dispute " + disputeId);
        }
        return dispute;
    }

    private static Dispute requireLocked(Dispute current) {
        if (current.state() == DisputeState.OPEN) {
            throw new DomainException(ErrorCode.EVIDENCE_NOT_LOCKED,
                    "Dispute " + current.disputeId() + " is still collecting evidence: lock it first");
        }
        return current;
    }

    private Money heldTotal() {
        return sum(held());
    }

    /** The facts of the dispute, from this escrow's events only: what the recommendation engine may read. */
    private DisputeFacts facts(Dispute current) {
        List<DisputeFacts.MilestoneFacts> held = held()
                .map(m -> new DisputeFacts.MilestoneFacts(m.terms().milestoneId(), m.terms().amount().minorUnits(),
                        m.terms().deadline(), m.firstDeliveredAt()))
                .toList();
        List<DisputeFacts.EvidenceFacts> evidence = current.evidence().stream()
                .map(e -> new DisputeFacts.EvidenceFacts(e.submittedBy().role(), e.submittedAt()))
                .toList();
        return new DisputeFacts(heldTotal(), held, current.reason(), current.openedBy().role(), current.openedAt(),
                evidence);
    }

    private static DomainException invalidTransition(String attempted) {
        return new DomainException(ErrorCode.INVALID_STATE_TRANSITION, "Cannot " + attempted);
    }

    @EventSourcingHandler
    void on(EscrowCreatedEvent event) {
        escrowId = event.escrowId();
        integratorId = event.integratorId();
        totalAmount = event.totalAmount();
        state = EscrowState.CREATED;
        event.milestones().forEach(terms -> milestones.put(terms.milestoneId(), new Milestone(terms, MilestoneState.PENDING, null)));
    }

    @EventSourcingHandler
    void on(FundsHeldEvent event) {
        externalPaymentRef = event.externalPaymentRef();
        markFunded();
    }

    @EventSourcingHandler
    void on(EscrowFundedFromVaultEvent event) {
        funding = new FundingSource(event.vaultId(), event.clientId(), event.contractorId());
        markFunded();
    }

    /** Funds are held for the whole escrow at once, however they were declared. */
    private void markFunded() {
        state = EscrowState.FUNDED;
        milestones.replaceAll((id, m) -> m.withState(MilestoneState.FUNDED));
    }

    @EventSourcingHandler
    void on(DeliverableSubmittedEvent event) {
        milestones.computeIfPresent(event.milestoneId(), (id, m) -> m.delivered(event.submittedAt()));
        state = EscrowState.DELIVERED;
    }

    @EventSourcingHandler
    void on(MilestoneReleasedEvent event) {
        changeMilestone(event.milestoneId(), MilestoneState.RELEASED);
    }

    @EventSourcingHandler
    void on(MilestoneRefundedEvent event) {
        changeMilestone(event.milestoneId(), MilestoneState.REFUNDED);
    }

    @EventSourcingHandler
    void on(EscrowClosedEvent event) {
        state = event.outcome();
    }

    @EventSourcingHandler
    void on(DisputeOpenedEvent event) {
        dispute = new Dispute(event.disputeId(), event.reason(), event.openedBy(), event.openedAt(), DisputeState.OPEN,
                List.of(), null);
        state = EscrowState.DISPUTED;
    }

    @EventSourcingHandler
    void on(EvidenceSubmittedEvent event) {
        dispute = dispute.withEvidence(new Evidence(event.evidenceId(), event.submittedBy(), event.reference(),
                event.submittedAt()));
    }

    @EventSourcingHandler
    void on(EvidenceLockedEvent event) {
        dispute = dispute.withState(DisputeState.EVIDENCE_LOCKED);
    }

    @EventSourcingHandler
    void on(RecommendationIssuedEvent event) {
        dispute = dispute.withRecommendation(event.recommendation());
    }

    @EventSourcingHandler
    void on(DisputeResolvedEvent event) {
        dispute = dispute.withState(DisputeState.RESOLVED);
        milestones.replaceAll((id, m) -> m.state().isHeld() ? m.withState(MilestoneState.RESOLVED) : m);
    }

    private void changeMilestone(String milestoneId, MilestoneState newState) {
        milestones.computeIfPresent(milestoneId, (id, m) -> m.withState(newState));
    }

    /** A milestone's terms and where it stands; replaced, never mutated, by the event sourcing handlers above. */
    private record Milestone(MilestoneTerms terms, MilestoneState state, Instant firstDeliveredAt) {

        Milestone withState(MilestoneState newState) {
            return new Milestone(terms, newState, firstDeliveredAt);
        }

        Milestone delivered(Instant at) {
            return new Milestone(terms, MilestoneState.DELIVERED, firstDeliveredAt == null ? at : firstDeliveredAt);
        }
    }

    /** The escrow's dispute and its evidence; replaced, never mutated, by the event sourcing handlers. */
    private record Dispute(String disputeId, DisputeReason reason, Actor openedBy, Instant openedAt,
                           DisputeState state, List<Evidence> evidence, Recommendation recommendation) {

        Dispute withEvidence(Evidence added) {
            List<Evidence> all = new ArrayList<>(evidence);
            all.add(added);
            return new Dispute(disputeId, reason, openedBy, openedAt, state, List.copyOf(all), recommendation);
        }

        Dispute withState(DisputeState newState) {
            return new Dispute(disputeId, reason, openedBy, openedAt, newState, evidence, recommendation);
        }

        Dispute withRecommendation(Recommendation issued) {
            return new Dispute(disputeId, reason, openedBy, openedAt, state, evidence, issued);
        }
    }
}
