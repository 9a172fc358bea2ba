package io.escrowledger.projections.payout;

import io.escrowledger.domain.money.Money;

/** A payout's reconciliation status by its figures, as the read model and the webhooks name it. */
public final class PayoutStatus {

    private PayoutStatus() {
    }

    public static String of(Money expected, Money transferred) {
        if (transferred.isZero()) {
            return "UNRECONCILED";
        }
        int compared = Long.compare(transferred.minorUnits(), expected.minorUnits());
        return compared < 0 ? "PARTIALLY_RECONCILED" : compared == 0 ? "RECONCILED" : "OVER_PAID";
    }
}
