package io.escrowledger.domain.escrow.policy;

import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;

/** An escrow can be called off only while it holds no money; calling off a cancelled escrow again changes nothing. */
public final class CancellationPolicy {

    private CancellationPolicy() {
    }

    /** @return whether the cancellation is to be recorded: false when the escrow is already cancelled */
    public static boolean cancels(EscrowState state) {
        if (state == EscrowState.CANCELLED) {
            return false;
        }
        if (state != EscrowState.CREATED) {
            throw new DomainException(ErrorCode.INVALID_STATE_TRANSITION, "Cannot cancel an escrow in state " + state
                    + (state.isClosed() ? "" : ": money is held, refund it instead"));
        }
        return true;
    }
}
