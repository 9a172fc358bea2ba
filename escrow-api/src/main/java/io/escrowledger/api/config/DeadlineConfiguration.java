package io.escrowledger.api.config;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import io.escrowledger.api.testclock.TestClockDeadlineManager;
import io.escrowledger.api.testclock.TestClockDeadlines;
import io.escrowledger.projections.escrow.EscrowQueries;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Axon's deadlines (escrow expiry, time releases, milestone deadlines) kept in PostgreSQL by db-scheduler: they
 * survive restarts, and each fires on one node only (a node claims a due row before running it). Axon's
 * auto-configuration registers the deadline task once this Scheduler exists; the deadline manager is built here (see
 * {@link #deadlineManager}), and the Scheduler is started and stopped here, since Axon leaves that to the application.
 */
@Configuration(proxyBeanMethods = false)
public class DeadlineConfiguration {

    /**
     * The data source is transaction-aware so that a deadline is stored in the same transaction as the events that
     * schedule it: a command that fails leaves no deadline behind. The service clock decides what is due, so tests can
     * move time.
     * <p>
     * A node executing a deadline renews its claim every {@code heartbeat-interval}; once a claim has missed
     * {@code missed-heartbeats-limit} renewals, its node is taken for dead and another node runs the deadline again.
     * The other nodes look for such claims every two heartbeat intervals, so a deadline whose node died is revived
     * within (limit + 2) heartbeat intervals, plus a poll (docs/operations.md). db-scheduler's own defaults (5 minutes,
     * 6) would leave it for 30 minutes. The scheduler is named after the process ({@code pid@host}, as Axon names its
     * claims), so {@code scheduled_tasks.picked_by} tells the nodes of one host apart.
     */
    @Bean
    Scheduler deadlineScheduler(DataSource dataSource, List<Task<?>> tasks, Clock clock,
                                @Value("${escrow.deadlines.poll-interval:5s}") Duration pollInterval,
                                @Value("${escrow.deadlines.threads:2}") int threads,
                                @Value("${escrow.deadlines.heartbeat-interval:10s}") Duration heartbeatInterval,
                                @Value("${escrow.deadlines.missed-heartbeats-limit:4}") int missedHeartbeatsLimit) {
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
                        .clock(clock::instant)
                        .pollingInterval(pollInterval)
                        .threads(threads)
                        .heartbeatInterval(heartbeatInterval)
                        .missedHeartbeatsLimit(missedHeartbeatsLimit)
                        .schedulerName(new SchedulerName.Fixed(ManagementFactory.getRuntimeMXBean().getName()))
                        .build();
    }

    /**
     * Axon's auto-configured manager would write deadlines with the event serializer, whose fields-only form (EventJson)
     * loses the aggregate scope Axon stores beside each deadline. Deadlines get Jackson's default form instead: their
     * payloads are plain records, and they live only until they fire.
     */
    @Bean
    DbSchedulerDeadlineManager deadlineManager(Scheduler scheduler, org.axonframework.config.Configuration axon,
                                               TransactionManager transactionManager) {
        return DbSchedulerDeadlineManager.builder()
                                         .scheduler(scheduler)
                                         .scopeAwareProvider(new ConfigurationScopeAwareProvider(axon))
                                         .serializer(Jackson3Serializer.builder().build())
                                         .transactionManager(transactionManager)
                                         .startScheduler(false)
                                         .stopScheduler(false)
                                         .build();
    }

    /**
     * The manager the aggregates are given: the deadlines of escrows on a test clock are kept apart, to fire only when
     * their clock is advanced (docs/api.md, "Test clocks"); every other goes to db-scheduler.
     */
    @Bean
    @Primary
    DeadlineManager testClockAwareDeadlineManager(DbSchedulerDeadlineManager deadlineManager,
                                                  TestClockDeadlines testClockDeadlines, EscrowQueries escrows) {
        return new TestClockDeadlineManager(deadlineManager, testClockDeadlines, escrows);
    }

    /** Starts polling once everything else runs, and stops first, letting a running deadline finish. */
    @Bean
    SmartLifecycle deadlineSchedulerLifecycle(Scheduler scheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                scheduler.start();
                running = true;
            }

            @Override
            public void stop() {
                scheduler.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE;
            }
        };
    }
}
