package io.escrowledger.domain.escrow.value;

/** What a dispute decision paid each party: gross, the platform's fee and net, for client and contractor. */
public record PayoutBreakdown(FeeSplit client, FeeSplit contractor) {

    /** The gross of each party. */
    public Payout payout() {
        return new Payout(client.gross(), contractor.gross());
    }
}
