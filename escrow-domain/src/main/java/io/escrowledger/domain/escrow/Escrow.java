package io.escrowledger.domain.escrow;

import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One escrow and its milestones. Command handlers check the rules, then apply events; only the event sourcing handlers
 * change state. Time and ids arrive with the commands.
 */
public class Escrow {

    static final int MAX_MILESTONES = 100;

    @AggregateIdentifier
    private String escrowId;
    private String integratorId;
    private Money totalAmount;
    private String externalPaymentRef;
    private EscrowState state;
    private final Map<String, Milestone> milestones = new LinkedHashMap<>();

    protected Escrow() {
        // Required by Axon to rebuild the aggregate from its events.
    }

    @CommandHandler
    public Escrow(CreateEscrowCommand command, ExternalIdRegistry externalIds) {
        requireValidTerms(command.totalAmount(), command.milestones());
        externalIds.claim(command.integratorId(), command.externalId(), command.escrowId())
                   .ifPresent(existing -> {
                       throw new DomainException(ErrorCode.DUPLICATE_EXTERNAL_ID,
                               "External id " + command.externalId() + " is already used by escrow " + existing,
                               Map.of("existing_escrow_id", existing));
                   });
        apply(new EscrowCreatedEvent(command.escrowId(), command.integratorId(), command.externalId(),
                command.totalAmount(), command.milestones(), command.requestedAt()));
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
        if (!state.holdsMoney() || !milestone.state().isHeld()) {
            throw invalidTransition("submit a deliverable for milestone " + milestone.terms().milestoneId()
                    + " (escrow " + state + ", milestone " + milestone.state() + ")");
        }
        apply(new DeliverableSubmittedEvent(escrowId, milestone.terms().milestoneId(), command.reference(),
                command.requestedAt()));
    }

    @CommandHandler
    public void handle(ReleaseFundsCommand command) {
        requireOwner(command.integratorId());
        for (Milestone milestone : heldMilestones(command.milestoneId(), "release")) {
            apply(new MilestoneReleasedEvent(escrowId, milestone.terms().milestoneId(), milestone.terms().amount(),
                    command.requestedAt()));
        }
        closeIfNothingHeld(command.requestedAt());
    }

    @CommandHandler
    public void handle(RefundFundsCommand command) {
        requireOwner(command.integratorId());
        for (Milestone milestone : heldMilestones(command.milestoneId(), "refund")) {
            apply(new MilestoneRefundedEvent(escrowId, milestone.terms().milestoneId(), milestone.terms().amount(),
                    command.requestedAt()));
        }
        closeIfNothingHeld(command.requestedAt());
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
        if (milestoneId != null) {
            Milestone milestone = milestone(milestoneId);
            if (!milestone.state().isHeld()) {
                throw invalidTransition(action + " milestone " + milestoneId + " in state " + milestone.state());
            }
            return List.of(milestone);
        }
        List<Milestone> held = milestones.values().stream().filter(m -> m.state().isHeld()).toList();
        if (held.isEmpty()) {
            throw invalidTransition(action + " on an escrow in state " + state + ": nothing is held");
        }
        return held;
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
        return milestones.values().stream()
                         .filter(m -> m.state() == milestoneState)
                         .map(m -> m.terms().amount())
                         .reduce(Money.zero(totalAmount.currency()), Money::plus);
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
        event.milestones().forEach(terms -> milestones.put(terms.milestoneId(), new Milestone(terms, MilestoneState.PENDING)));
    }

    @EventSourcingHandler
    void on(FundsHeldEvent event) {
        externalPaymentRef = event.externalPaymentRef();
        state = EscrowState.FUNDED;
        milestones.replaceAll((id, m) -> m.withState(MilestoneState.FUNDED));
    }

    @EventSourcingHandler
    void on(DeliverableSubmittedEvent event) {
        changeMilestone(event.milestoneId(), MilestoneState.DELIVERED);
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

    private void changeMilestone(String milestoneId, MilestoneState newState) {
        milestones.computeIfPresent(milestoneId, (id, m) -> m.withState(newState));
    }

    /** A milestone's terms and where it stands; replaced, never mutated, by the event sourcing handlers above. */
    private record Milestone(MilestoneTerms terms, MilestoneState state) {

        Milestone withState(MilestoneState newState) {
            return new Milestone(terms, newState);
        }
    }
}
