package io.escrowledger.api.reliability;

import io.escrowledger.api.support.Seed;

/**
 * Request bodies of the scenarios. Unlike the seed's escrow, these have no milestone deadlines: every node polls for
 * due deadlines here, and overdue-milestone events would otherwise race with the commands a scenario counts.
 */
final class Bodies {

    static final long ESCROW_TOTAL = 50_000;

    private Bodies() {
    }

    /** 500.00 USD in two milestones; {@code extra} adds fields (with a leading comma). */
    static String escrow(String externalId, String extra) {
        return """
               {"external_id": "%s", "currency": "USD", "total_amount": %d,
                "milestones": [{"milestone_id": "ms_design", "amount": 20000},
                               {"milestone_id": "ms_development", "amount": 30000}]%s}"""
                .formatted(externalId, ESCROW_TOTAL, extra);
    }

    static String escrow() {
        return escrow(Seed.uniqueExternalId(), "");
    }

    /** Held from the vault at creation, in two milestones of half the amount each (amount even). */
    static String vaultFundedEscrow(String vault, long micros) {
        return vaultFundedEscrow(vault, micros, "");
    }

    /** The same, with {@code extra} fields (with a leading comma). */
    static String vaultFundedEscrow(String vault, long micros, String extra) {
        return """
               {"external_id": "%s", "currency": "USDC", "total_amount": %d,
                "milestones": [{"milestone_id": "ms_design", "amount": %d}, {"milestone_id": "ms_build", "amount": %d}],
                "funding": {"vault_id": "%s"}, "client_id": "agt_1", "contractor_id": "mrc_1"%s}"""
                .formatted(Seed.uniqueExternalId(), micros, micros / 2, micros / 2, vault, extra);
    }
}
