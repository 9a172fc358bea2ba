package io.escrowledger.api.testclock;

import io.escrowledger.domain.escrow.command.CreateEscrowCommand;
import io.escrowledger.projections.escrow.EscrowQueries;
import org.axonframework.common.Registration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateScopeDescriptor;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The deadline manager the aggregates are given: the deadlines of an escrow on a test clock go to
 * {@link TestClockDeadlines}, to fire when the clock is advanced past them ({@link TestClockAdvance}); every other
 * deadline goes to {@code delegate} (db-scheduler, real time). The escrow's clock is its creation command's while it
 * is being created, and the read model's afterwards (written in the same transaction as its creation).
 */
public record TestClockDeadlineManager(DeadlineManager delegate, TestClockDeadlines deadlines, EscrowQueries escrows)
        implements DeadlineManager {

    @Override
    public String schedule(Instant triggerDateTime, String deadlineName, Object messageOrPayload,
                           ScopeDescriptor deadlineScope) {
        Optional<OnClock> onClock = onTestClock(deadlineScope);
        if (onClock.isEmpty()) {
            return delegate.schedule(triggerDateTime, deadlineName, messageOrPayload, deadlineScope);
        }
        Object payload = messageOrPayload instanceof DeadlineMessage<?> message ? message.getPayload()
                : messageOrPayload;
        String scheduleId = "tcd_" + UUID.randomUUID();
        deadlines.add(scheduleId, onClock.get().clockId(), deadlineName,
                ((AggregateScopeDescriptor) deadlineScope).getType(), onClock.get().aggregateId(), payload,
                triggerDateTime);
        return scheduleId;
    }

    @Override
    public String schedule(Duration triggerDuration, String deadlineName, Object messageOrPayload,
                           ScopeDescriptor deadlineScope) {
        // A duration means real time: the aggregates schedule at instants they were given, never after a duration.
        return delegate.schedule(triggerDuration, deadlineName, messageOrPayload, deadlineScope);
    }

    @Override
    public void cancelSchedule(String deadlineName, String scheduleId) {
        deadlines.cancel(deadlineName, scheduleId, null);
        delegate.cancelSchedule(deadlineName, scheduleId);
    }

    @Override
    public void cancelAll(String deadlineName) {
        deadlines.cancel(deadlineName, null, null);
        delegate.cancelAll(deadlineName);
    }

    @Override
    public void cancelAllWithinScope(String deadlineName, ScopeDescriptor scope) {
        if (scope instanceof AggregateScopeDescriptor aggregate) {
            deadlines.cancel(deadlineName, null, aggregate.getIdentifier().toString());
        }
        delegate.cancelAllWithinScope(deadlineName, scope);
    }

    @Override
    public Registration registerDispatchInterceptor(
            MessageDispatchInterceptor<? super DeadlineMessage<?>> dispatchInterceptor) {
        return delegate.registerDispatchInterceptor(dispatchInterceptor);
    }

    @Override
    public Registration registerHandlerInterceptor(
            MessageHandlerInterceptor<? super DeadlineMessage<?>> handlerInterceptor) {
        return delegate.registerHandlerInterceptor(handlerInterceptor);
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    /** An aggregate on a test clock. */
    private record OnClock(String clockId, String aggregateId) {
    }

    /**
     * The clock of the aggregate the deadline is for, if it runs on one. While an escrow is being created its
     * identifier is not set yet (a constructor's events reach the fields after it returns): its command names both.
     */
    private Optional<OnClock> onTestClock(ScopeDescriptor scope) {
        if (!(scope instanceof AggregateScopeDescriptor aggregate)) {
            return Optional.empty();
        }
        if (CurrentUnitOfWork.isStarted()
            && CurrentUnitOfWork.get().getMessage().getPayload() instanceof CreateEscrowCommand creation) {
            return Optional.ofNullable(creation.testClockId())
                           .map(clockId -> new OnClock(clockId, creation.escrowId()));
        }
        String aggregateId = aggregate.getIdentifier().toString();
        return escrows.testClockOf(aggregateId).map(clockId -> new OnClock(clockId, aggregateId));
    }
}
