package io.escrowledger.domain.shared;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataTest {

    private static Map<String, String> pairs(int count, String prefix) {
        return IntStream.range(0, count).boxed().collect(Collectors.toMap(i -> prefix + i, i -> "v" + i));
    }

    @Test
    void changesMergeKeyByKeyAndAnEmptyValueRemovesItsKey() {
        Map<String, String> merged = Metadata.merged("metadata", Map.of("a", "1", "b", "2"),
                Map.of("b", "", "c", "3", "a", "1bis"));

        assertThat(merged).containsExactly(Map.entry("a", "1bis"), Map.entry("c", "3"));
    }

    @Test
    void removingAKeyThatIsNotThereChangesNothing() {
        assertThat(Metadata.merged("metadata", Map.of("a", "1"), Map.of("zz", ""))).isEqualTo(Map.of("a", "1"));
    }

    @Test
    void keysValuesAndCountsAreLimited() {
        Map<String, Object> changes = new HashMap<>();
        changes.put("k".repeat(41), "x");
        changes.put("with space", "x");
        changes.put("long", "v".repeat(501));
        changes.put("number", 42);
        changes.put("control", "a\u0000b");
        changes.put("ok.key-1_A", "v".repeat(500));

        assertThat(Metadata.problems(changes)).containsOnlyKeys("k".repeat(41), "with space", "long", "number",
                "control");
        assertThat(Metadata.problems(new HashMap<>(pairs(51, "k")))).containsKey("");
        assertThat(Metadata.problems(new HashMap<>(pairs(50, "k")))).isEmpty();
    }

    @Test
    void aMergeBeyondFiftyPairsIsRefusedNamingTheField() {
        assertThatThrownBy(() -> Metadata.merged("milestones.ms_1", pairs(30, "a"), pairs(21, "b")))
                .isInstanceOfSatisfying(DomainException.class, refused -> {
                    assertThat(refused.errorCode()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(refused.details()).containsEntry("field", "milestones.ms_1");
                });
        Map<String, String> replacing = new HashMap<>(pairs(21, "b"));
        pairs(21, "a").keySet().forEach(key -> replacing.put(key, ""));
        assertThat(Metadata.merged("metadata", pairs(30, "a"), replacing)).hasSize(30);
    }

    @Test
    void aMalformedChangeIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> Metadata.merged("metadata", Map.of(), Map.of("bad key", "x")))
                .isInstanceOfSatisfying(DomainException.class,
                        refused -> assertThat(refused.details()).containsEntry("field", "metadata.bad key"));
    }

    @Test
    void storedFormsAreSortedAndNullIsNone() {
        assertThat(Metadata.of(null)).isEmpty();
        assertThat(Metadata.of(Map.of("b", "2", "a", "1")).keySet()).containsExactly("a", "b");
        assertThat(Metadata.ofEach(null)).isEmpty();
    }
}
