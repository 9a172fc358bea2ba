package io.escrowledger.projections.webhook;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
public class WebhookConfiguration {

    @Bean
    WebhookTargets webhookTargets(WebhookProperties properties) {
        return new WebhookTargets(properties);
    }

    @Bean
    WebhookSender webhookSender(Clock clock, WebhookProperties properties) {
        return new WebhookSender(clock, properties.timeout());
    }

    @Bean
    WebhookDeliveryWorker webhookDeliveryWorker(WebhookOutbox outbox, WebhookEndpoints endpoints, WebhookSender sender,
                                                WebhookTargets targets, WebhookProperties properties, Clock clock) {
        return new WebhookDeliveryWorker(outbox, endpoints, sender, targets, properties, clock);
    }
}
