package io.escrowledger.domain.serialization;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * How events (and snapshots, tokens and other Axon messages) are written to the event store.
 * The stored form is made of fields only: a helper method such as {@code Money.isZero()} must never leak into stored
 * JSON, and renaming a method must never change it. Axon's own types may be read polymorphically, which a processor
 * reset needs (its replay token carries a typed context). The names the events are stored under are EventTypes'.
 */
public final class EventJson {

    private EventJson() {
    }

    public static Jackson3SerializerCustomizer customizer() {
        return builder -> builder
                .changeDefaultVisibility(visibility -> visibility
                        .withVisibility(PropertyAccessor.GETTER, Visibility.NONE)
                        .withVisibility(PropertyAccessor.IS_GETTER, Visibility.NONE)
                        .withVisibility(PropertyAccessor.SETTER, Visibility.NONE)
                        .withVisibility(PropertyAccessor.FIELD, Visibility.ANY))
                .polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
                                                                       .allowIfSubType("org.axonframework.")
                                                                       .build());
    }
}
