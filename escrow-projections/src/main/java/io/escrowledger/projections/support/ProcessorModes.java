package io.escrowledger.projections.support;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;

import java.util.Set;
import java.util.TreeSet;

/**
 * Registers each processing group with the mode its projection declares ({@link SubscribingProcessor}), so the modes
 * are read where the projections are, not listed in application.yml. A processing group without a declared mode
 * would silently get Axon's default, a tracking processor following the event store on threads of its own: start-up
 * fails instead.
 */
@Configuration(proxyBeanMethods = false)
public class ProcessorModes {

    @Bean
    ConfigurerModule declaredProcessorModes(ListableBeanFactory beans) {
        Set<String> subscribing = new TreeSet<>();
        for (String name : beans.getBeanNamesForAnnotation(ProcessingGroup.class)) {
            Class<?> type = beans.getType(name);
            String group = AnnotatedElementUtils.findMergedAnnotation(type, ProcessingGroup.class).value();
            if (!AnnotatedElementUtils.hasAnnotation(type, SubscribingProcessor.class)) {
                throw new IllegalStateException(type.getName() + " (processing group " + group
                                                + ") declares no processor mode: annotate it @SubscribingProcessor");
            }
            subscribing.add(group);
        }
        return configurer -> subscribing.forEach(configurer.eventProcessing()::registerSubscribingEventProcessor);
    }
}
