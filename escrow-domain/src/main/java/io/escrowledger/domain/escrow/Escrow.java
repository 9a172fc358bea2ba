package io.escrowledger.domain.escrow;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.axonframework.serialization.Revision;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.time.Duration;
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
 * change state. Time and ids arrive with the commands; time-triggered work (expiry, a time release, milestone
 * deadlines) arrives as deadlines that carry the moment they were due.
 */
// The revision of its snapshots: raise it when the fields change, and older snapshots are ignored.
@Revision("2")
public class Escrow {

    static final int MAX_MILESTONES = 100;
    static final int MAX_APPROVERS = 20;
    /** How long a vault-funded escrow holds the vault's money when the integrator names no expiry. */
    public static final Duration DEFAULT_VAULT_EXPIRY = Duration.ofHours(24);
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
    /** What releases the money besides the integrator's own call; null for nothing. */
    private ReleaseCondition releaseCondition;
    private boolean conditionMet;
    /** The distinct approvers who approved, for a multi-signature escrow. */
    private Set<String> approvals = new HashSet<>();
    /** What the oracle reported, for an oracle-confirmation escrow; null until it reports. */
    private OracleOutcome oracleOutcome;
    /** When what is still held goes back to the client; null for never. */
    private Instant expiresAt;
    /** Whether the expiry was recorded (the refund follows it, or waits for an open dispute's decision). */
    private boolean expired;

    protected Escrow() {
        // Required by Axon to rebuild the aggregate from its events.
    }

    @CommandHandler
    @JsonCreator(mode = JsonCreator.Mode.DISABLED) // snapshots are read through the no-argument constructor
    public Escrow(CreateEscrowCommand command, ExternalIdRegistry externalIds, VaultFunding vaults,
                  DeadlineManager deadlines) {
        requireValidTerms(command.totalAmount(), command.milestones());
        Instant expiry = expiry(command);
        requireValidCondition(command.releaseCondition(), command.requestedAt(), expiry);
        if (command.externalId() != null) {
            externalIds.claim(command.integratorId(), command.externalId(), command.escrowId())
                       .ifPresent(existing -> {
                           throw new DomainException(ErrorCode.DUPLICATE_EXTERNAL_ID,
                                   "External id " + command.externalId() + " is already used by escrow " + existing,
                                   Map.of("existing_escrow_id", existing));
                       });
        }
        apply(new EscrowCreatedEvent(command.escrowId(), command.integratorId(), command.externalId(),
                command.totalAmount(), command.milestones(), command.releaseCondition(), expiry,
                command.requestedAt()));
        FundingSource source = command.funding();
        if (source != null) {
            vaults.hold(source.vaultId(), command.integratorId(), command.escrowId(), command.totalAmount(),
                    command.requestedAt());
            apply(new EscrowFundedFromVaultEvent(command.escrowId(), source.vaultId(), source.clientId(),
                    source.contractorId(), command.totalAmount(), command.requestedAt()));
        }
        scheduleDeadlines(deadlines, expiry, command.releaseCondition(), command.milestones());
    }

    /** The expiry asked for; a vault-funded escrow without one expires after a day, so a vault's money is not held forever. */
    private static Instant expiry(CreateEscrowCommand command) {
        Instant expiry = command.expiresAt();
        if (expiry == null && command.funding() != null) {
            expiry = command.requestedAt().plus(DEFAULT_VAULT_EXPIRY);
        }
        if (expiry != null && !expiry.isAfter(command.requestedAt())) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "The expiry " + expiry + " is not in the future");
        }
        return expiry;
    }

    /** Each field of a condition is optional (ReleaseCondition says what its absence means); given ones must hold. */
    private static void requireValidCondition(ReleaseCondition condition, Instant now, Instant expiry) {
        if (condition == null) {
            return;
        }
        switch (condition.type()) {
            case TIME_RELEASE -> {
                if (condition.releasesAtExpiry()) {
                    if (expiry == null) {
                        throw new DomainException(ErrorCode.VALIDATION_FAILED,
                                "A time release without release_at releases at the expiry: the escrow needs one");
                    }
                    return;
                }
                if (!condition.releaseAt().isAfter(now)) {
                    throw new DomainException(ErrorCode.VALIDATION_FAILED,
                            "A time release needs a release_at in the future");
                }
                if (expiry != null && !condition.releaseAt().isBefore(expiry)) {
                    throw new DomainException(ErrorCode.VALIDATION_FAILED, "The release time "
                            + condition.releaseAt() + " is not before the expiry " + expiry);
                }
            }
            case ORACLE_CONFIRMATION -> {
                if (condition.oracleId() != null && condition.oracleId().isBlank()) {
                    throw new DomainException(ErrorCode.VALIDATION_FAILED, "An oracle_id cannot be blank");
                }
            }
            case MULTI_SIG_APPROVAL -> {
                List<String> approvers = condition.approvers();
                if (approvers != null && (approvers.isEmpty() || approvers.size() > MAX_APPROVERS
                                          || new HashSet<>(approvers).size() != approvers.size())) {
                    throw new DomainException(ErrorCode.VALIDATION_FAILED,
                            "A multi-signature approval names 1 to " + MAX_APPROVERS + " distinct approvers");
                }
                int most = approvers == null ? MAX_APPROVERS : approvers.size();
                if (condition.threshold() != null && (condition.threshold() < 1 || condition.threshold() > most)) {
                    throw new DomainException(ErrorCode.VALIDATION_FAILED, "The threshold must be between 1 and "
                            + (approvers == null ? MAX_APPROVERS + " when any approver counts"
                            : "the number of approvers (" + most + ")"));
                }
            }
            case DELIVERY_CONFIRMATION -> {
                // Nothing to check: the confirmation itself is the condition.
            }
        }
    }

    /**
     * Deadlines are stored in the events' transaction, so a refused creation leaves none behind. They are computed from
     * the command: events applied in a constructor reach the fields only after it returns.
     */
    private static void scheduleDeadlines(DeadlineManager deadlines, Instant expiry, ReleaseCondition condition,
                                          List<MilestoneTerms> milestones) {
        if (expiry != null) {
            deadlines.schedule(expiry, EscrowDeadlines.EXPIRY, new EscrowDeadlines.ExpiryDue(expiry));
        }
        if (condition != null && condition.type() == ConditionType.TIME_RELEASE && !condition.releasesAtExpiry()) {
            deadlines.schedule(condition.releaseAt(), EscrowDeadlines.TIME_RELEASE,
                    new EscrowDeadlines.ReleaseDue(condition.releaseAt()));
        }
        for (MilestoneTerms milestone : milestones) {
            if (milestone.deadline() != null) {
                deadlines.schedule(milestone.deadline(), EscrowDeadlines.MILESTONE_DEADLINE,
                        new EscrowDeadlines.MilestoneDue(milestone.milestoneId(), milestone.deadline()));
            }
        }
    }

    /** @return the escrow's state after the declaration; declaring the same reference again changes nothing */
    @CommandHandler
    public EscrowState handle(DeclareFundsHeldCommand command, VaultFunding vaults) {
        requireOwner(command.integratorId());
        if (externalPaymentRef != null) {
            if (externalPaymentRef.equals(command.externalPaymentRef())) {
                return state;
            }
            throw new DomainException(ErrorCode.PAYMENT_REFERENCE_CONFLICT,
                    "Funds were already declared held with payment reference " + externalPaymentRef);
        }
        requireNotExpired(command.requestedAt());
        requireState(EscrowState.CREATED, "declare funds held");
        apply(new FundsHeldEvent(escrowId, command.externalPaymentRef(), totalAmount, command.declaredAt(),
                command.requestedAt()));
        if (conditionMet) {
            // The release time passed before the money arrived: it is released as soon as it is held.
            release(held().toList(), vaults, command.requestedAt());
        }
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

    /** The integrator may release whatever the release condition says: the condition is a way to release, not a lock. */
    @CommandHandler
    public void handle(ReleaseFundsCommand command, VaultFunding vaults) {
        requireOwner(command.integratorId());
        requireNotExpired(command.requestedAt());
        release(heldMilestones(command.milestoneId(), "release"), vaults, command.requestedAt());
    }

    /**
     * A refund during an open dispute concedes it to the client: no evidence is needed for that, so the dispute is
     * resolved as a full refund of what is held (one milestone alone cannot be refunded then).
     */
    @CommandHandler
    public void handle(RefundFundsCommand command, VaultFunding vaults) {
        requireOwner(command.integratorId());
        if (state == EscrowState.DISPUTED) {
            if (command.milestoneId() != null) {
                throw invalidTransition("refund milestone " + command.milestoneId() + " alone while dispute "
                        + dispute.disputeId() + " is open: refund everything held, or wait for the decision");
            }
            resolve(dispute, DisputeOutcome.REFUND, Ratio.ALL_TO_CLIENT,
                    "Refunded in full by the integrator while the dispute was open", vaults, command.requestedAt());
            return;
        }
        refund(heldMilestones(command.milestoneId(), "refund"), vaults, command.requestedAt());
    }

    @CommandHandler
    public void handle(ApproveReleaseCommand command, VaultFunding vaults) {
        requireOwner(command.integratorId());
        ReleaseCondition condition = requireCondition(ConditionType.MULTI_SIG_APPROVAL);
        if (!condition.acceptsApprover(command.approverId())) {
            throw new DomainException(ErrorCode.UNKNOWN_APPROVER, command.approverId()
                    + " is not one of the escrow's approvers", Map.of("approvers", String.join(",", condition.approvers())));
        }
        if (approvals.contains(command.approverId())) {
            return;
        }
        requireReleasable(command.requestedAt(), "approve the release");
        apply(new ReleaseApprovedEvent(escrowId, command.approverId(), approvals.size() + 1,
                condition.requiredApprovals(), command.requestedAt()));
        if (approvals.size() >= condition.requiredApprovals()) {
            meetCondition(vaults, command.requestedAt());
        }
    }

    @CommandHandler
    public void handle(ReportOracleOutcomeCommand command, VaultFunding vaults) {
        requireOwner(command.integratorId());
        ReleaseCondition condition = requireCondition(ConditionType.ORACLE_CONFIRMATION);
        if (!condition.acceptsOracle(command.oracleId())) {
            throw new DomainException(ErrorCode.UNKNOWN_ORACLE,
                    command.oracleId() + " is not the escrow's oracle", Map.of("oracle_id", condition.oracleId()));
        }
        if (oracleOutcome != null) {
            if (oracleOutcome == command.outcome()) {
                return;
            }
            throw invalidTransition("report " + command.outcome() + ": the oracle already reported " + oracleOutcome);
        }
        if (command.outcome() == OracleOutcome.CONFIRMED) {
            requireReleasable(command.requestedAt(), "confirm the release");
        } else {
            requireActive("reject the release");
        }
        apply(new OracleReportedEvent(escrowId, command.oracleId(), command.outcome(), command.requestedAt()));
        if (command.outcome() == OracleOutcome.CONFIRMED) {
            meetCondition(vaults, command.requestedAt());
        } else {
            refund(held().toList(), vaults, command.requestedAt());
        }
    }

    @CommandHandler
    public void handle(ConfirmDeliveryCommand command, VaultFunding vaults) {
        requireOwner(command.integratorId());
        requireCondition(ConditionType.DELIVERY_CONFIRMATION);
        if (conditionMet) {
            return;
        }
        requireReleasable(command.requestedAt(), "confirm delivery");
        apply(new DeliveryConfirmedEvent(escrowId, command.confirmedBy(), command.requestedAt()));
        meetCondition(vaults, command.requestedAt());
    }

    @DeadlineHandler(deadlineName = EscrowDeadlines.TIME_RELEASE)
    void releaseTimeReached(EscrowDeadlines.ReleaseDue due, VaultFunding vaults) {
        if (!conditionMet && !expired && !state.isClosed()) {
            meetCondition(vaults, due.releaseAt());
        }
    }

    /**
     * At expiry what is still held goes back to the client, unless a dispute is open: its decision pays the held money
     * out instead. A time release without a release time releases it instead: that is its release time. The deadline
     * can fire twice (a node stopping between the two commits), hence the guard.
     */
    @DeadlineHandler(deadlineName = EscrowDeadlines.EXPIRY)
    void expiryReached(EscrowDeadlines.ExpiryDue due, VaultFunding vaults) {
        if (expired || state.isClosed()) {
            return;
        }
        if (releaseCondition != null && releaseCondition.releasesAtExpiry() && state.isActive()) {
            meetCondition(vaults, due.expiresAt());
            return;
        }
        apply(new EscrowExpiredEvent(escrowId, heldTotal(),
                state == EscrowState.DISPUTED ? dispute.disputeId() : null, due.expiresAt()));
        if (state.isActive()) {
            refund(held().toList(), vaults, due.expiresAt());
        }
    }

    @DeadlineHandler(deadlineName = EscrowDeadlines.MILESTONE_DEADLINE)
    void milestoneDeadlineReached(EscrowDeadlines.MilestoneDue due) {
        Milestone milestone = milestones.get(due.milestoneId());
        boolean undelivered = milestone != null
                              && (milestone.state() == MilestoneState.PENDING || milestone.state() == MilestoneState.FUNDED);
        if (undelivered && !milestone.overdue() && !state.isClosed()) {
            apply(new MilestoneOverdueEvent(escrowId, due.milestoneId(), due.deadline()));
        }
    }

    /** Records that the condition is met, and releases what is held unless a dispute is open or nothing is held yet. */
    private void meetCondition(VaultFunding vaults, Instant at) {
        apply(new ReleaseConditionMetEvent(escrowId, releaseCondition.type(), at));
        if (state.isActive()) {
            release(held().toList(), vaults, at);
        }
    }

    private void release(List<Milestone> paid, VaultFunding vaults, Instant at) {
        Money released = payOut(paid, terms -> new MilestoneReleasedEvent(escrowId, terms.milestoneId(),
                terms.amount(), at));
        settleVault(vaults, released, Money.zero(totalAmount.currency()), at);
        closeIfNothingHeld(at);
    }

    private void refund(List<Milestone> paid, VaultFunding vaults, Instant at) {
        Money refunded = payOut(paid, terms -> new MilestoneRefundedEvent(escrowId, terms.milestoneId(),
                terms.amount(), at));
        settleVault(vaults, Money.zero(totalAmount.currency()), refunded, at);
        closeIfNothingHeld(at);
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
        requireNotExpired(command.requestedAt());
        if (!state.isActive()) {
            throw invalidTransition("open a dispute on an escrow in state " + state
                    + (state == EscrowState.DISPUTED ? ": a dispute is already open" : ": no money is held"));
        }
        apply(new DisputeOpenedEvent(escrowId, command.disputeId(), command.reason(), command.statement(),
                command.openedBy(), heldTotal(), command.requestedAt()));
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
        return resolve(current, command.decision(), ratio, command.justification(), vaults, command.requestedAt());
    }

    /** Pays out everything held by the ratio, which closes the escrow. */
    private Payout resolve(Dispute current, DisputeOutcome decision, Ratio ratio, String justification,
                           VaultFunding vaults, Instant at) {
        Money held = heldTotal();
        Payout payout = Payout.of(held, ratio);
        DisputeOutcome recommended = current.recommendation() == null ? null
                : current.recommendation().recommendation();
        apply(new DisputeResolvedEvent(escrowId, current.disputeId(), decision, ratio, justification, held, payout,
                recommended, at));
        settleVault(vaults, payout.contractor(), payout.client(), at);
        Money released = total(MilestoneState.RELEASED).plus(payout.contractor());
        Money refunded = total(MilestoneState.REFUNDED).plus(payout.client());
        apply(new EscrowClosedEvent(escrowId, EscrowState.RESOLVED, released, refunded, at));
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

    /**
     * Past its expiry an escrow takes no release, funding or dispute, even before the expiry's deadline has fired. An
     * escrow closed before its expiry is refused for being closed, not for having expired.
     */
    private void requireNotExpired(Instant at) {
        if (expired || (!state.isClosed() && expiresAt != null && !at.isBefore(expiresAt))) {
            throw new DomainException(ErrorCode.ESCROW_EXPIRED, "Escrow " + escrowId + " expired at " + expiresAt,
                    Map.of("expires_at", expiresAt.toString()));
        }
    }

    /** A condition can release only unexpired money that is held and not under dispute. */
    private void requireReleasable(Instant at, String action) {
        requireNotExpired(at);
        requireActive(action);
    }

    /** Money is held and no dispute is open: deliverables, releases, refunds and condition steps are accepted. */
    private void requireActive(String action) {
        if (!state.isActive()) {
            throw invalidTransition(action + " on an escrow in state " + state
                    + (state == EscrowState.DISPUTED ? ": a dispute is open" : ""));
        }
    }

    private ReleaseCondition requireCondition(ConditionType type) {
        if (releaseCondition == null || releaseCondition.type() != type) {
            throw new DomainException(ErrorCode.RELEASE_CONDITION_MISMATCH, "Escrow " + escrowId + " is released by "
                    + (releaseCondition == null ? "no condition" : releaseCondition.type()) + ", not by " + type);
        }
        return releaseCondition;
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
        requireActive(action);
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
        releaseCondition = event.releaseCondition();
        expiresAt = event.expiresAt();
        event.milestones().forEach(terms -> milestones.put(terms.milestoneId(),
                new Milestone(terms, MilestoneState.PENDING, null, false)));
    }

    @EventSourcingHandler
    void on(EscrowExpiredEvent event) {
        expired = true;
        if (state == EscrowState.CREATED) {
            state = EscrowState.EXPIRED;
        }
    }

    @EventSourcingHandler
    void on(MilestoneOverdueEvent event) {
        milestones.computeIfPresent(event.milestoneId(), (id, m) -> m.markedOverdue());
    }

    @EventSourcingHandler
    void on(ReleaseApprovedEvent event) {
        approvals.add(event.approverId());
    }

    @EventSourcingHandler
    void on(OracleReportedEvent event) {
        oracleOutcome = event.outcome();
    }

    @EventSourcingHandler
    void on(ReleaseConditionMetEvent event) {
        conditionMet = true;
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
    private record Milestone(MilestoneTerms terms, MilestoneState state, Instant firstDeliveredAt, boolean overdue) {

        Milestone withState(MilestoneState newState) {
            return new Milestone(terms, newState, firstDeliveredAt, overdue);
        }

        Milestone delivered(Instant at) {
            return new Milestone(terms, MilestoneState.DELIVERED, firstDeliveredAt == null ? at : firstDeliveredAt,
                    overdue);
        }

        Milestone markedOverdue() {
            return new Milestone(terms, state, firstDeliveredAt, true);
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
