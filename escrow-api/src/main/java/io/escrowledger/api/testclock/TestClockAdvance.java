package io.escrowledger.api.testclock;

import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.ApiException;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.messaging.ScopeAware;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * Moves a test clock forward, firing on the way, in due order, every deadline of its escrows that falls due, each
 * with the clock standing at its due time: synchronously, in the request's transaction, so the caller's next read
 * shows their effects. Deadlines scheduled while firing (a dispute's evidence deadline, say) are fired too when they
 * fall due before the target. Each is delivered as Axon's deadline managers deliver theirs: in a unit of work of its
 * own, sent to the scope (the escrow aggregate) that scheduled it.
 */
@Component
public class TestClockAdvance {

    /** A guard against deadlines that keep scheduling one another at the same instant. */
    static final int MAX_DEADLINES_PER_ADVANCE = 10_000;

    private final TestClocks clocks;
    private final TestClockDeadlines deadlines;
    private final ScopeAwareProvider scopes;
    private final TransactionManager transactions;

    public TestClockAdvance(TestClocks clocks, TestClockDeadlines deadlines, Configuration axon,
                            TransactionManager transactions) {
        this.clocks = clocks;
        this.deadlines = deadlines;
        this.scopes = new ConfigurationScopeAwareProvider(axon);
        this.transactions = transactions;
    }

    /** The clock at {@code target}, and how many deadlines fired on the way. */
    record Advanced(TestClock clock, int deadlinesFired) {
    }

    Advanced advance(String integratorId, String clockId, Instant target) {
        // Locked until the request's transaction ends: two advances of one clock run one after the other.
        TestClock clock = clocks.get(integratorId, clockId, true);
        if (target.isBefore(clock.frozenTime())) {
            throw new ApiException(ApiError.TEST_CLOCK_BACKWARDS, "The test clock stands at " + clock.frozenTime()
                                                                  + "; it only moves forward");
        }
        Instant position = clock.frozenTime();
        int fired = 0;
        for (Optional<TestClockDeadlines.Due> next = deadlines.next(clockId, target); next.isPresent();
             next = deadlines.next(clockId, target)) {
            if (++fired > MAX_DEADLINES_PER_ADVANCE) {
                throw new IllegalStateException("More than " + MAX_DEADLINES_PER_ADVANCE + " deadlines in one advance");
            }
            TestClockDeadlines.Due due = next.get();
            deadlines.remove(due.deadlineId());
            if (due.dueAt().isAfter(position)) {
                position = due.dueAt();
                clocks.moveTo(clockId, position);
            }
            fire(due);
        }
        clocks.moveTo(clockId, target);
        return new Advanced(clocks.get(integratorId, clockId, false), fired);
    }

    private void fire(TestClockDeadlines.Due due) {
        DeadlineMessage<?> message = GenericDeadlineMessage.asDeadlineMessage(due.name(), due.payload(), due.dueAt());
        ScopeDescriptor scope = new AggregateScopeDescriptor(due.aggregateType(), due.aggregateId());
        DefaultUnitOfWork<DeadlineMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(message);
        unitOfWork.attachTransaction(transactions);
        unitOfWork.execute(() -> scopes.provideScopeAwareStream(scope)
                                       .filter(component -> component.canResolve(scope))
                                       .forEach(component -> send(component, message, scope)));
    }

    private static void send(ScopeAware component, DeadlineMessage<?> message,
                             ScopeDescriptor scope) {
        try {
            component.send(message, scope);
        } catch (Exception failure) {
            throw new IllegalStateException("Deadline " + message.getDeadlineName() + " failed on " + scope, failure);
        }
    }
}
