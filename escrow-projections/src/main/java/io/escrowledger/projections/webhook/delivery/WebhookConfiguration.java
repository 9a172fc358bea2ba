package io.escrowledger.projections.webhook.delivery;

import io.escrowledger.projections.webhook.WebhookEndpoints;
import io.escrowledger.projections.webhook.WebhookOutbox;
import io.escrowledger.projections.webhook.WebhookProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
public class WebhookConfiguration {

    @Bean
    WebhookTargets webhookTargets(WebhookProperties properties) {
        return new WebhookTargets(properties);
    }

    @Bean
    WebhookSender webhookSender(Clock clock, WebhookProperties properties, WebhookTargets targets) {
        return new WebhookSender(clock, properties.timeout(), targets);
    }

    /** Without a meter registry (a context with no actuator), the counts are kept but not published. */
    @Bean
    WebhookDeliveryWorker webhookDeliveryWorker(WebhookOutbox outbox, WebhookEndpoints endpoints, WebhookSender sender,
                                                WebhookTargets targets, WebhookProperties properties, Clock clock,
                                                ObjectProvider<MeterRegistry> meters,
                                                TransactionTemplate transactions) {
        return new WebhookDeliveryWorker(outbox, endpoints, sender, targets, properties, clock,
                meters.getIfAvailable(SimpleMeterRegistry::new), transactions);
    }

    /** {@code escrow.dead.letters{queue="webhooks"}}: messages an integrator has to retry, or lose. */
    @Bean
    MeterBinder webhookDeadLetters(WebhookOutbox outbox) {
        return registry -> Gauge.builder("escrow.dead.letters", outbox, WebhookOutbox::deadLetters)
                                .description("Dead-lettered messages, by queue")
                                .tag("queue", "webhooks")
                                .register(registry);
    }
}
