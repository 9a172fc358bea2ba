package io.escrowledger.projections.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The processor mode of a projection's processing group, declared beside it: subscribing, so its handlers run in the
 * transaction of the command that stores the events (a GET after a POST sees the change, the read model is never
 * behind the event store, and its failure fails the command). {@link ProcessorModes} registers every processing group
 * so declared with Axon, and refuses to start with a processing group that declares no mode.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SubscribingProcessor {
}
