package io.escrowledger.api.payout;

import io.escrowledger.domain.escrow.command.FlagUnreconciledPayoutCommand;
import io.escrowledger.projections.payout.PayoutQueries;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Flags the payouts that stayed unreconciled (less transferred than owed) for longer than
 * {@code escrow.payouts.unreconciled-after}: each is recorded once on its escrow ({@code PayoutUnreconciledEvent}),
 * which sends the {@code PAYOUT_UNRECONCILED} webhook. Every node looks; the escrow records a payout's flag once, so a
 * payout two nodes find at the same moment is still flagged once.
 */
@Component
public class PayoutReconciliationWatch {

    private static final Logger LOG = LoggerFactory.getLogger(PayoutReconciliationWatch.class);
    private static final int BATCH = 100;

    private final PayoutQueries payouts;
    private final CommandGateway commands;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration unreconciledAfter;

    public PayoutReconciliationWatch(PayoutQueries payouts, CommandGateway commands, TransactionTemplate transaction,
                                     Clock clock,
                                     @Value("${escrow.payouts.unreconciled-after:P3D}") Duration unreconciledAfter) {
        this.payouts = payouts;
        this.commands = commands;
        this.transaction = transaction;
        this.clock = clock;
        this.unreconciledAfter = unreconciledAfter;
    }

    @Scheduled(fixedDelayString = "${escrow.payouts.watch-interval:PT1M}",
            initialDelayString = "${escrow.payouts.watch-interval:PT1M}")
    void scheduled() {
        flagOverdue(clock.instant());
    }

    /**
     * Flags up to a hundred of the payouts overdue at {@code now}, the longest waiting first.
     *
     * @return how many payouts were found overdue and sent to be flagged
     */
    public int flagOverdue(Instant now) {
        int flagged = 0;
        for (PayoutQueries.Overdue overdue : payouts.overdue(now.minus(unreconciledAfter), BATCH)) {
            try {
                transaction.executeWithoutResult(status -> commands.sendAndWait(
                        new FlagUnreconciledPayoutCommand(overdue.escrowId(), overdue.payoutId(), now)));
                flagged++;
            } catch (RuntimeException e) {
                // Another node flagged it at the same moment, or the database is away: the next look tries again.
                LOG.warn("Could not flag payout {} as unreconciled: {}", overdue.payoutId(), e.toString());
            }
        }
        return flagged;
    }
}
