package io.escrowledger.api.command;

import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.DatabaseFailures;
import io.escrowledger.api.web.RequestContext;
import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import io.escrowledger.domain.vault.VaultCommand;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Sends a command with the request's metadata and waits for its result (the command bus runs it in this thread, in the
 * request's database transaction: RequestTransactionFilter). A command addressed to an escrow or vault that has no events is answered as the unknown
 * escrow or vault it is.
 */
@Component
public record CommandDispatcher(CommandGateway gateway, MeterRegistry meters) {

    /**
     * How long a command that keeps losing races is run again before the caller is told to retry. A budget of time
     * rather than of attempts: under contention from several nodes the number of lost races grows with the load, while
     * what the caller can wait for does not.
     */
    static final Duration RETRY_BUDGET = Duration.ofSeconds(2);
    private static final long MAX_PAUSE_MILLIS = 50;

    public <R> R send(Object command, RequestContext context) {
        return send(command, context, null);
    }

    /**
     * Sends the command, then answers what {@code read} reads: the read models are written in the command's own
     * transaction, so they already show its effect.
     */
    public <T> T sendAndRead(Object command, RequestContext context, Supplier<T> read) {
        send(command, context);
        return read.get();
    }

    /**
     * As {@link #send(Object, RequestContext)}, recording the person the request names as the actor. A command that
     * lost a race with another node on the same aggregate (the event store refused its append) is run again on the
     * fresh state: its whole transaction was rolled back, so running it again is safe, and the rules decide again.
     */
    public <R> R send(Object command, RequestContext context, Actor actor) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = ApiError.INTERNAL_ERROR.code();
        try {
            R result = sendWithRetries(command, context, actor);
            outcome = "success";
            return result;
        } catch (RuntimeException failure) {
            outcome = ApiError.of(failure).code();
            throw failure;
        } finally {
            // escrow.commands: per command type, the outcome its caller was answered with (retries included).
            sample.stop(Timer.builder("escrow.commands")
                             .description("Commands sent by the API, by type and outcome")
                             .tag("command", command.getClass().getSimpleName())
                             .tag("outcome", outcome)
                             .register(meters));
        }
    }

    private <R> R sendWithRetries(Object command, RequestContext context, Actor actor) {
        long giveUpAt = System.nanoTime() + RETRY_BUDGET.toNanos();
        RequestSavepointFilter.ensureSavepoint();
        for (int attempt = 1; ; attempt++) {
            try {
                return sendOnce(command, context, actor);
            } catch (RuntimeException failure) {
                if (!DatabaseFailures.lostRace(failure) || System.nanoTime() - giveUpAt >= 0) {
                    throw failure;
                }
                // The database refused the whole attempt: back to where the request's work began, then again.
                RequestSavepointFilter.undoWork();
                pause(attempt);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            // Jittered and growing, so racers spread out instead of colliding again in step.
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, Math.min(10L * attempt, MAX_PAUSE_MILLIS) + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <R> R sendOnce(Object command, RequestContext context, Actor actor) {
        try {
            return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                                                            .andMetaData(CommandMetadata.of(context, actor)));
        } catch (AggregateNotFoundException notFound) {
            boolean vault = command instanceof VaultCommand;
            throw new DomainException(vault ? ErrorCode.VAULT_NOT_FOUND : ErrorCode.ESCROW_NOT_FOUND,
                    "No " + (vault ? "vault " : "escrow ") + notFound.getAggregateIdentifier());
        }
    }
}
