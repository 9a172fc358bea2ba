package io.escrowledger.api.config;

import io.escrowledger.domain.escrow.Escrow;
import io.escrowledger.domain.vault.Vault;
import io.escrowledger.domain.eventtypes.EventTypes;
import io.escrowledger.projections.eventstore.EventStoreSchema;
import io.escrowledger.projections.audit.ChainCheckedEventStorage;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.escrowledger.api.command.CommandMetadata;

/** Axon on PostgreSQL: the event store's table names, how events are serialized, and what every event records. */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    @Bean
    EventSchema eventSchema() {
        return EventStoreSchema.events();
    }

    @Bean
    TokenSchema tokenSchema() {
        return EventStoreSchema.tokens();
    }

    /**
     * Axon's JDBC components take the connection of the Spring transaction they run in, and leave committing it to
     * that transaction. Axon's default wraps this provider so that each unit of work commits the connection itself
     * when it ends: inside a request's transaction (RequestTransactionFilter) that would commit the request's work
     * halfway, before its answer is read and its idempotency record written.
     */
    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    /**
     * Axon's JDBC event storage, built as Axon's auto-configuration would, behind a check of each history it reads
     * against the hash chain (ChainCheckedEventStorage, docs/audit.md).
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider, TransactionManager transactionManager,
                                          EventSchema eventSchema, JdbcClient jdbc) {
        return new ChainCheckedEventStorage(JdbcEventStorageEngine.builder()
                                                                  .snapshotSerializer(defaultSerializer)
                                                                  .upcasterChain(configuration.upcasterChain())
                                                                  .persistenceExceptionResolver(
                                                                          persistenceExceptionResolver)
                                                                  .eventSerializer(eventSerializer)
                                                                  .snapshotFilter(configuration.snapshotFilter())
                                                                  .connectionProvider(connectionProvider)
                                                                  .transactionManager(transactionManager)
                                                                  .schema(eventSchema)
                                                                  .build(), jdbc);
    }

    /**
     * Tells Axon that a unique violation on append means another node appended to the aggregate first, so it raises a
     * ConcurrencyException (the command is then run again on fresh state). Axon's default resolver reads vendor error
     * codes, which PostgreSQL leaves at 0: it relies on SQLState instead (23505, unique_violation).
     */
    @Bean
    PersistenceExceptionResolver uniqueViolationIsAConcurrentAppend() {
        return exception -> {
            for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql) {
                    for (SQLException each = sql; each != null; each = each.getNextException()) {
                        if ("23505".equals(each.getSQLState())) {
                            return true;
                        }
                    }
                }
            }
            return false;
        };
    }

    /**
     * Events, snapshots, tokens and Axon's messages are serialized by one serializer: EventJson's stored form, each event
     * under its stable name (EventTypes), read back from that name or the class name it was stored under before.
     */
    @Bean
    @Primary
    Serializer serializer() {
        return EventTypes.serializer();
    }

    /** Who caused each event (integrator, key, request, actor) is copied from the command's metadata to its events. */
    @Bean
    CorrelationDataProvider requestCorrelation() {
        return new SimpleCorrelationDataProvider(CommandMetadata.KEYS.toArray(String[]::new));
    }

    @Bean
    CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }

    /**
     * A snapshot every so many events, so loading an aggregate stays quick however long its history grows (a vault
     * funds thousands of escrows). Snapshots are the aggregate's fields as JSON (EventJson), read back by its no-argument
     * constructor; SnapshotRoundTripTest pins that.
     */
    private static <A> AggregateConfigurer<A> snapshotted(Class<A> type, int every) {
        return AggregateConfigurer.defaultConfiguration(type)
                                  .configureSnapshotTrigger(config -> new EventCountSnapshotTriggerDefinition(
                                          config.snapshotter(), every));
    }

    /**
     * Axon's own snapshotter, except that snapshots are taken on a thread of their own instead of in the command's
     * thread once it commits. There the command still holds the aggregate's lock, and the snapshot waits for a database
     * connection of its own: when every connection of the pool is held by commands queued on that same lock (a vault
     * funding many escrows at once), nothing moves until the pool gives up after its 30 s timeout. SeveralNodesIT's
     * vault race found it. A snapshot is a cache: one that is late, or lost when the node stops, costs a longer load.
     */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(org.axonframework.config.Configuration axon,
                                                    HandlerDefinition handlers, ParameterResolverFactory parameters,
                                                    EventStore eventStore, TransactionManager transactionManager,
                                                    SnapshotterSpanFactory spans) {
        ThreadPoolExecutor snapshots = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "snapshotter");
                    thread.setDaemon(true);
                    return thread;
                });
        snapshots.allowCoreThreadTimeOut(true);
        return SpringAggregateSnapshotter.builder()
                                         .repositoryProvider(axon::repository)
                                         .eventStore(eventStore)
                                         .transactionManager(transactionManager)
                                         .parameterResolverFactory(parameters)
                                         .handlerDefinition(handlers)
                                         .spanFactory(spans)
                                         .executor(snapshots)
                                         .build();
    }

    /**
     * Axon's Spring snapshotter finds the factory for an aggregate among the Spring beans when it first snapshots one;
     * the aggregates here are registered with Axon rather than as Spring beans, so their factories are published here.
     */
    @Bean
    AggregateFactory<Escrow> escrowAggregateFactory(ParameterResolverFactory parameters, HandlerDefinition handlers) {
        return aggregateFactory(Escrow.class, parameters, handlers);
    }

    @Bean
    AggregateFactory<Vault> vaultAggregateFactory(ParameterResolverFactory parameters, HandlerDefinition handlers) {
        return aggregateFactory(Vault.class, parameters, handlers);
    }

    /** Inspected with Spring's parameter resolvers, which know the services command handlers take (VaultFunding). */
    private static <A> AggregateFactory<A> aggregateFactory(Class<A> type, ParameterResolverFactory parameters,
                                                           HandlerDefinition handlers) {
        return new GenericAggregateFactory<>(AnnotatedAggregateMetaModelFactory.inspectAggregate(type, parameters,
                handlers));
    }

    /**
     * The aggregate is registered here rather than with Axon's Spring stereotype, which would bring Spring into the
     * domain module. Event handlers propagate their errors instead of Axon's default of logging and skipping the
     * event: every processor subscribes, so a failing read model rolls its command back rather than falling behind
     * the event store.
     */
    @Bean
    ConfigurerModule escrowModule(@Value("${escrow.snapshots.every:100}") int snapshotEvery) {
        return configurer -> {
            configurer.configureAggregate(snapshotted(Escrow.class, snapshotEvery));
            configurer.configureAggregate(snapshotted(Vault.class, snapshotEvery));
            configurer.eventProcessing()
                      .registerDefaultListenerInvocationErrorHandler(config -> PropagatingErrorHandler.instance());
        };
    }
}
