package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.DeclareFundsReversedCommand;
import io.escrowledger.domain.escrow.command.DeclarePaymentFailedCommand;
import io.escrowledger.domain.escrow.event.FundsHeldEvent;
import io.escrowledger.domain.escrow.event.FundsReversedEvent;
import io.escrowledger.domain.escrow.event.PaymentFailedEvent;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.util.Optional;

/**
 * The payment that funds an escrow, as the integrator's payment system declares it: held under a reference, failed,
 * or reversed (a chargeback). An entity of the escrow: the rules about the payment's references are checked here,
 * those about the escrow's state by the escrow; only the event sourcing handlers change it.
 */
final class FundingPayment {

    /** The reference the funds were declared held with; null until then. */
    private String heldRef;
    /** The reference of the last payment declared failed, so that repeating that declaration changes nothing. */
    private String failedRef;
    /** Whether the funding payment was reversed (a chargeback): the escrow is frozen, nothing is released any more. */
    private boolean reversed;

    boolean isHeld() {
        return heldRef != null;
    }

    boolean isReversed() {
        return reversed;
    }

    /**
     * Whether funds were already declared held with this reference, which changes nothing; held with another one is a
     * conflict.
     */
    boolean isHeldAs(String externalPaymentRef) {
        if (heldRef == null) {
            return false;
        }
        if (heldRef.equals(externalPaymentRef)) {
            return true;
        }
        throw new DomainException(ErrorCode.PAYMENT_REFERENCE_CONFLICT,
                "Funds were already declared held with payment reference " + heldRef);
    }

    /** The failure to record; empty when the same reference was the last one declared failed. */
    Optional<PaymentFailedEvent> fail(String escrowId, DeclarePaymentFailedCommand command) {
        if (command.externalPaymentRef().equals(failedRef)) {
            return Optional.empty();
        }
        return Optional.of(new PaymentFailedEvent(escrowId, command.externalPaymentRef(), command.reason(),
                command.declaredAt(), command.requestedAt()));
    }

    /**
     * Whether the reversal is still to be recorded (false once it was). Refused when no funds were declared held, or
     * with another reference than theirs.
     */
    boolean reversesAnew(DeclareFundsReversedCommand command, EscrowState state) {
        if (heldRef == null) {
            throw Escrow.invalidTransition("declare the funds reversed on an escrow in state " + state
                    + ": no funds were declared held");
        }
        if (!heldRef.equals(command.externalPaymentRef())) {
            throw new DomainException(ErrorCode.PAYMENT_REFERENCE_CONFLICT,
                    "The funds were declared held with payment reference " + heldRef);
        }
        return !reversed;
    }

    /** After a chargeback nothing is released: the money is no longer there to pay the contractor with. */
    void requireNotFrozen(String escrowId, String action) {
        if (reversed) {
            throw new DomainException(ErrorCode.ESCROW_FROZEN, "Cannot " + action + ": escrow " + escrowId
                    + " is frozen, its funding payment " + heldRef + " was reversed");
        }
    }

    @EventSourcingHandler
    void on(FundsHeldEvent event) {
        heldRef = event.externalPaymentRef();
    }

    @EventSourcingHandler
    void on(PaymentFailedEvent event) {
        failedRef = event.externalPaymentRef();
    }

    @EventSourcingHandler
    void on(FundsReversedEvent event) {
        reversed = true;
    }
}
