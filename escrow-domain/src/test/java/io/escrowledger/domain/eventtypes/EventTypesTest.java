package io.escrowledger.domain.eventtypes;

import io.escrowledger.domain.escrow.event.EscrowEvent;
import io.escrowledger.domain.vault.VaultEvent;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names events are stored under are hashed into every audit chain: they are frozen. A stored history, whether
 * written under these names or under the class names stored before them, must keep reading into the same events.
 */
class EventTypesTest {

    private static final Jackson3Serializer SERIALIZER = EventTypes.serializer();

    @Test
    void theTableIsTheApprovedOne() throws IOException {
        List<String> table = EventTypes.ALL.stream().map(row -> row.name() + "\t" + row.storedBefore()).toList();

        assertThat(table).containsExactlyElementsOf(approvedRows());
    }

    @Test
    void everyEventHasExactlyOneRow() {
        List<Class<?>> events = Stream.concat(Arrays.stream(EscrowEvent.class.getPermittedSubclasses()),
                Arrays.stream(VaultEvent.class.getPermittedSubclasses())).toList();

        assertThat(EventTypes.ALL).extracting(EventTypes.EventType::type).containsExactlyInAnyOrderElementsOf(events);
        assertThat(EventTypes.ALL).extracting(EventTypes.EventType::name).doesNotHaveDuplicates();
    }

    static Stream<EventTypes.EventType> rows() {
        return EventTypes.ALL.stream();
    }

    @ParameterizedTest
    @MethodSource("rows")
    void anEventIsStoredUnderItsName(EventTypes.EventType row) {
        assertThat(SERIALIZER.typeForClass(row.type()))
                .isEqualTo(new SimpleSerializedType(row.name(), row.type().getAnnotation(Revision.class).value()));
    }

    /** Both names of a row read into its class, whatever package the class lives in now. */
    @ParameterizedTest
    @MethodSource("rows")
    void theNameAndTheClassNameStoredBeforeBothReadIntoTheClass(EventTypes.EventType row) {
        String revision = row.type().getAnnotation(Revision.class).value();

        assertThat(SERIALIZER.classForType(new SimpleSerializedType(row.name(), revision))).isEqualTo(row.type());
        assertThat(SERIALIZER.classForType(new SimpleSerializedType(row.storedBefore(), revision)))
                .isEqualTo(row.type());
        assertThat(EventTypes.displayName(row.storedBefore())).isEqualTo(row.name());
        assertThat(EventTypes.displayName(row.name())).isEqualTo(row.name());
    }

    /** An event stored before the table, as the service wrote it then, reads back as stored under its name today. */
    @Test
    void anEventStoredUnderItsFormerClassNameReadsBack() throws IOException {
        String json = resource("/events/DisputeOpenedEvent.v2.json");
        SerializedObject<String> before = new SimpleSerializedObject<>(json, String.class,
                "io.escrowledger.domain.escrow.DisputeOpenedEvent", "2");
        SerializedObject<String> now = new SimpleSerializedObject<>(json, String.class, "DisputeOpenedEvent", "2");

        Object read = SERIALIZER.deserialize(before);
        assertThat(read).isInstanceOf(EscrowEvent.class).isEqualTo(SERIALIZER.deserialize(now));
    }

    @Test
    void anyOtherTypeKeepsItsClassName() {
        assertThat(SERIALIZER.typeForClass(String.class).getName()).isEqualTo("java.lang.String");
        assertThat(SERIALIZER.classForType(new SimpleSerializedType("java.lang.String", null))).isEqualTo(String.class);
        assertThat(EventTypes.displayName("org.example.SomethingElse")).isEqualTo("SomethingElse");
    }

    private static List<String> approvedRows() throws IOException {
        return resource("/events/event-types.txt").lines().filter(line -> !line.startsWith("#")).toList();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = EventTypesTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
