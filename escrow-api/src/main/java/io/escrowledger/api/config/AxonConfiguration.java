package io.escrowledger.api.config;

import io.escrowledger.domain.escrow.Escrow;
import io.escrowledger.domain.serialization.EventJson;
import io.escrowledger.projections.escrow.EscrowProjection;
import io.escrowledger.projections.eventstore.EventStoreSchema;
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
     * domain module. The escrow read model's handlers propagate their errors: it runs in the command's transaction, so
     * a failure there rolls the command back rather than leaving the read model behind the event store.
     */
    @Bean
    ConfigurerModule escrowModule() {
        return configurer -> {
            configurer.configureAggregate(Escrow.class);
            configurer.eventProcessing()
                      .registerListenerInvocationErrorHandler(EscrowProjection.PROCESSING_GROUP,
                              config -> PropagatingErrorHandler.instance());
        };
    }
}
