package io.escrowledger.api.payout;

import io.escrowledger.api.web.ActorRoleName;
import io.swagger.v3.oas.annotations.media.Schema;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** What integrators send about payouts (snake_case on the wire); every field nullable, checked by the controller. */
final class PayoutRequests {

    private PayoutRequests() {
    }

    @Schema(name = "PayoutTransferRequest",
            description = "A transfer your payment system executed for a payout: what, to whom, when, under which "
                          + "reference.")
    record Transfer(
            @Schema(requiredMode = REQUIRED, example = "tr_1Nv0FGQ9RKHgCVdK",
                    description = "Your payment system's reference for the transfer, 1 to 255 characters: recorded "
                                  + "once per escrow (the same reference with the same figures again changes nothing).")
            String reference,
            @Schema(requiredMode = REQUIRED, example = "contractor",
                    description = "Who was paid: the payout's party (`client` or `contractor`).")
            ActorRoleName party,
            @Schema(requiredMode = REQUIRED, example = "32500",
                    description = "Integer minor units of the payout's currency, 1 to 9007199254740991. Less than owed "
                                  + "leaves the payout partly reconciled, more makes it over-paid.")
            Long amount,
            @Schema(requiredMode = REQUIRED, format = "date-time", example = "2025-02-11T09:00:00Z",
                    description = "When the transfer was executed, RFC 3339 with an offset.")
            String executedAt) {
    }
}
