package io.escrowledger.api.config;

import io.escrowledger.domain.escrow.Escrow;
import io.escrowledger.domain.vault.Vault;
import io.escrowledger.domain.serialization.EventJson;
import io.escrowledger.projections.eventstore.EventStoreSchema;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.sql.SQLException;

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

    @Bean
    Jackson3SerializerCustomizer eventJsonCustomizer() {
        return EventJson.customizer();
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
     * The aggregate is registered here rather than with Axon's Spring stereotype, which would bring Spring into the
     * domain module. Event handlers propagate their errors instead of Axon's default of logging and skipping the
     * event: a subscribing read model then rolls its command back rather than falling behind the event store, and a
     * tracking processor retries the event rather than losing it.
     */
    @Bean
    ConfigurerModule escrowModule() {
        return configurer -> {
            configurer.configureAggregate(Escrow.class);
            configurer.configureAggregate(Vault.class);
            configurer.eventProcessing()
                      .registerDefaultListenerInvocationErrorHandler(config -> PropagatingErrorHandler.instance());
        };
    }
}
