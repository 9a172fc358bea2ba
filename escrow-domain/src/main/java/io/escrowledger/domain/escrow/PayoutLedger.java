package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.RecordPayoutTransferCommand;
import io.escrowledger.domain.escrow.event.EscrowEvent;
import io.escrowledger.domain.escrow.event.PayoutTransferRecordedEvent;
import io.escrowledger.domain.escrow.event.PayoutUnreconciledEvent;
import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.ExpectedPayout;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An escrow's payouts and the transfers recorded against them: checks a transfer (the payout exists, the party and
 * currency are the payout's, a reference is recorded once) and whether a payout is still unreconciled. An entity of
 * the escrow: the payouts are added by the escrow's event sourcing handlers, the transfers and flags by its own.
 */
final class PayoutLedger {

    /** One payout: what it is owed, what was transferred, whether it was flagged unreconciled. */
    record Entry(ExpectedPayout expected, Money transferred, boolean flagged) {

        Entry transferredMore(Money amount) {
            return new Entry(expected, transferred.plus(amount), flagged);
        }

        Entry markedFlagged() {
            return new Entry(expected, transferred, true);
        }
    }

    /** A reference recorded, and what it was recorded as: a repeat must say the same. */
    record Transfer(String payoutId, ActorRole party, Money amount) {
    }

    private Map<String, Entry> byId = new LinkedHashMap<>();
    private Map<String, Transfer> byReference = new LinkedHashMap<>();

    /**
     * The transfer's event, or empty when the same reference was already recorded with the same figures.
     */
    Optional<PayoutTransferRecordedEvent> record(String escrowId, RecordPayoutTransferCommand command) {
        Entry entry = byId.get(command.payoutId());
        if (entry == null) {
            throw new DomainException(ErrorCode.PAYOUT_NOT_FOUND,
                    "Escrow " + escrowId + " has no payout " + command.payoutId());
        }
        Transfer recorded = byReference.get(command.reference());
        Transfer requested = new Transfer(command.payoutId(), command.party(), command.amount());
        if (recorded != null) {
            if (recorded.equals(requested)) {
                return Optional.empty();
            }
            throw new DomainException(ErrorCode.REFERENCE_CONFLICT, "Transfer reference " + command.reference()
                    + " was already recorded for payout " + recorded.payoutId() + " (" + recorded.party() + ", "
                    + recorded.amount().minorUnits() + " " + recorded.amount().currency() + ")");
        }
        ExpectedPayout expected = entry.expected();
        if (command.party() != expected.party()) {
            throw new DomainException(ErrorCode.PAYOUT_PARTY_MISMATCH, "Payout " + command.payoutId() + " is owed to the "
                    + expected.party().name().toLowerCase() + ", not the " + command.party().name().toLowerCase(),
                    Map.of("party", expected.party().name().toLowerCase()));
        }
        if (!command.amount().currency().equals(expected.amount().currency())) {
            throw new DomainException(ErrorCode.CURRENCY_MISMATCH, "Payout " + command.payoutId() + " is in "
                    + expected.amount().currency() + ", not " + command.amount().currency());
        }
        return Optional.of(new PayoutTransferRecordedEvent(escrowId, command.payoutId(), command.reference(),
                command.party(), command.amount(), expected.amount(), entry.transferred().plus(command.amount()),
                command.executedAt(), command.requestedAt()));
    }

    /** The flag for a payout that is still owed more than was transferred, once; empty otherwise. */
    Optional<PayoutUnreconciledEvent> flag(String escrowId, String payoutId, Instant at) {
        Entry entry = byId.get(payoutId);
        if (entry == null || entry.flagged()
            || entry.transferred().minorUnits() >= entry.expected().amount().minorUnits()) {
            return Optional.empty();
        }
        ExpectedPayout expected = entry.expected();
        return Optional.of(new PayoutUnreconciledEvent(escrowId, payoutId, expected.party(), expected.amount(),
                entry.transferred(), expected.expectedAt(), at));
    }

    /** Adds the payouts an event paid (see {@link ExpectedPayouts}). */
    void expect(String escrowId, EscrowEvent event) {
        List<ExpectedPayout> paid = ExpectedPayouts.of(event);
        for (ExpectedPayout payout : paid) {
            byId.put(ExpectedPayouts.id(escrowId, byId.size() + 1),
                    new Entry(payout, Money.zero(payout.amount().currency()), false));
        }
    }

    @EventSourcingHandler
    void on(PayoutTransferRecordedEvent event) {
        byId.computeIfPresent(event.payoutId(), (id, entry) -> entry.transferredMore(event.amount()));
        byReference.put(event.reference(), new Transfer(event.payoutId(), event.party(), event.amount()));
    }

    @EventSourcingHandler
    void on(PayoutUnreconciledEvent event) {
        byId.computeIfPresent(event.payoutId(), (id, entry) -> entry.markedFlagged());
    }
}
