package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.recommendation.DisputeFacts;
import io.escrowledger.domain.escrow.recommendation.Recommendation;
import io.escrowledger.domain.escrow.recommendation.RecommendationEngine;
import io.escrowledger.domain.escrow.recommendation.RuleApplication;
import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.eventtypes.EventTypes;
import io.escrowledger.domain.money.Money;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The engine's scenarios, one per row; docs/recommendation-engine.md lists the same table, so an arbiter can check any
 * row by hand. Then properties over thousands of random disputes: determinism, and outputs always within bounds.
 */
class RecommendationEngineTest {

    private static final Instant DEADLINE_A = Instant.parse("2025-02-01T00:00:00Z");
    private static final Instant DEADLINE_B = Instant.parse("2025-03-01T00:00:00Z");
    /** When a dispute can be opened: before both deadlines, between them (the seed's), after both. */
    private static final Instant BEFORE_BOTH = Instant.parse("2025-01-20T14:00:00Z");
    private static final Instant BETWEEN = Instant.parse("2025-02-05T14:00:00Z");
    private static final Instant AFTER_BOTH = Instant.parse("2025-03-10T12:00:00Z");
    private static final Instant ON_TIME = Instant.parse("2025-01-18T09:00:00Z");
    /** After A's deadline, before B's: the seed's design milestone. */
    private static final Instant A_LATE = Instant.parse("2025-02-03T09:00:00Z");
    /** After both deadlines. */
    private static final Instant LATE = Instant.parse("2025-03-05T00:00:00Z");

    /**
     * Milestone A is 20000 (due 1 Feb), B is 30000 (due 1 Mar), both held: 50000 in dispute, opened at {@code opened}.
     */
    record Scenario(String name, Instant opened, Instant deliveredA, Instant deliveredB, DisputeReason reason,
                    ActorRole openedBy, int clientEvidence, int contractorEvidence, DisputeOutcome outcome,
                    String clientShare, String contractorShare, String confidence, List<String> signals) {

        DisputeFacts facts() {
            List<DisputeFacts.EvidenceFacts> evidence = new ArrayList<>();
            for (int i = 0; i < clientEvidence; i++) {
                evidence.add(new DisputeFacts.EvidenceFacts(ActorRole.CLIENT, opened.plusSeconds(3600L * (i + 1))));
            }
            for (int i = 0; i < contractorEvidence; i++) {
                evidence.add(new DisputeFacts.EvidenceFacts(ActorRole.CONTRACTOR, opened.plusSeconds(7200L * (i + 1))));
            }
            return new DisputeFacts(Money.of(50000, "USD"), List.of(
                    new DisputeFacts.MilestoneFacts("ms_a", 20000, DEADLINE_A, deliveredA),
                    new DisputeFacts.MilestoneFacts("ms_b", 30000, DEADLINE_B, deliveredB)),
                    reason, openedBy, opened, evidence);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The rows of the table in docs/recommendation-engine.md, in its order. */
    static Stream<Scenario> scenarios() {
        ActorRole client = ActorRole.CLIENT;
        ActorRole contractor = ActorRole.CONTRACTOR;
        DisputeReason incomplete = DisputeReason.DELIVERABLE_INCOMPLETE;
        return Stream.of(
                new Scenario("1 nothing delivered, both overdue, client's evidence unanswered", AFTER_BOTH, null, null,
                        DisputeReason.NOT_DELIVERED, client, 1, 0, DisputeOutcome.REFUND, "1", "0", "0.95",
                        List.of("no_delivery", "no_counter_evidence")),
                new Scenario("2 nothing delivered, both overdue, no evidence at all", AFTER_BOTH, null, null,
                        DisputeReason.NOT_DELIVERED, client, 0, 0, DisputeOutcome.REFUND, "1", "0", "0.70",
                        List.of("no_delivery", "no_evidence")),
                new Scenario("3 all delivered on time, contractor's evidence unanswered", AFTER_BOTH, ON_TIME, ON_TIME,
                        DisputeReason.QUALITY_ISSUE, client, 0, 1, DisputeOutcome.RELEASE, "0", "1", "0.95",
                        List.of("full_delivery", "no_counter_evidence")),
                new Scenario("4 all delivered on time, both sides argued", AFTER_BOTH, ON_TIME, ON_TIME,
                        DisputeReason.QUALITY_ISSUE, client, 2, 2, DisputeOutcome.RELEASE, "0", "1", "0.80",
                        List.of("full_delivery")),
                new Scenario("5 all delivered, all late, both sides argued", AFTER_BOTH, LATE, LATE,
                        DisputeReason.LATE_DELIVERY, client, 1, 1, DisputeOutcome.SPLIT, "0.25", "0.75", "0.90",
                        List.of("late_delivery", "full_delivery")),
                new Scenario("6 A on time, B overdue, both sides argued", AFTER_BOTH, ON_TIME, null,
                        incomplete, client, 1, 1, DisputeOutcome.SPLIT, "0.6", "0.4", "0.80",
                        List.of("partial_completion")),
                new Scenario("7 A late, B overdue, both sides argued", AFTER_BOTH, LATE, null,
                        incomplete, client, 1, 1, DisputeOutcome.SPLIT, "0.7", "0.3", "0.90",
                        List.of("late_delivery", "partial_completion")),
                new Scenario("8 A late, B overdue, contractor's evidence unanswered", AFTER_BOTH, LATE, null,
                        incomplete, client, 0, 1, DisputeOutcome.SPLIT, "0.6", "0.4", "0.95",
                        List.of("late_delivery", "partial_completion", "no_counter_evidence")),
                new Scenario("9 client says not delivered, but A was", AFTER_BOTH, ON_TIME, null,
                        DisputeReason.NOT_DELIVERED, client, 1, 1, DisputeOutcome.SPLIT, "0.5", "0.5", "0.90",
                        List.of("partial_completion", "reason_contradicted")),
                new Scenario("10 client says late, everything was on time; only the client argued", AFTER_BOTH,
                        ON_TIME, ON_TIME, DisputeReason.LATE_DELIVERY, client, 1, 0, DisputeOutcome.RELEASE, "0", "1",
                        "0.95", List.of("full_delivery", "no_counter_evidence", "reason_contradicted")),
                new Scenario("11 contractor opens it, all delivered, client silent", AFTER_BOTH, ON_TIME, ON_TIME,
                        DisputeReason.OTHER, contractor, 0, 2, DisputeOutcome.RELEASE, "0", "1", "0.95",
                        List.of("full_delivery", "no_counter_evidence")),
                new Scenario("12 contractor claims lateness that did not happen", AFTER_BOTH, ON_TIME, ON_TIME,
                        DisputeReason.LATE_DELIVERY, contractor, 1, 1, DisputeOutcome.SPLIT, "0.1", "0.9", "0.90",
                        List.of("full_delivery", "reason_contradicted")),
                new Scenario("13 B delivered late, A overdue, client's evidence unanswered", AFTER_BOTH, null, LATE,
                        incomplete, client, 2, 0, DisputeOutcome.SPLIT, "0.65", "0.35", "0.95",
                        List.of("late_delivery", "partial_completion", "no_counter_evidence")),
                new Scenario("14 nothing delivered, both overdue, contractor's evidence unanswered", AFTER_BOTH, null,
                        null, DisputeReason.OTHER, contractor, 0, 1, DisputeOutcome.SPLIT, "0.9", "0.1", "0.95",
                        List.of("no_delivery", "no_counter_evidence")),
                new Scenario("15 the seed: A late, B in progress, both sides argued", BETWEEN, A_LATE, null,
                        incomplete, client, 1, 1, DisputeOutcome.SPLIT, "0.4", "0.6", "0.72",
                        List.of("late_delivery", "partial_completion")),
                new Scenario("16 A on time, B in progress, both sides argued", BETWEEN, ON_TIME, null,
                        incomplete, client, 1, 1, DisputeOutcome.SPLIT, "0.3", "0.7", "0.62",
                        List.of("partial_completion")),
                new Scenario("17 nothing delivered, A overdue, B in progress, both sides argued", BETWEEN, null, null,
                        DisputeReason.NOT_DELIVERED, client, 1, 1, DisputeOutcome.SPLIT, "0.7", "0.3", "0.62",
                        List.of("no_delivery")),
                new Scenario("18 nothing delivered, both in progress, client's evidence unanswered", BEFORE_BOTH, null,
                        null, DisputeReason.NOT_DELIVERED, client, 1, 0, DisputeOutcome.SPLIT, "0.6", "0.4", "0.65",
                        List.of("no_delivery", "no_counter_evidence")),
                new Scenario("19 the seed with the client silent", BETWEEN, A_LATE, null,
                        incomplete, client, 0, 1, DisputeOutcome.SPLIT, "0.3", "0.7", "0.87",
                        List.of("late_delivery", "partial_completion", "no_counter_evidence")));
    }

    private static Scenario row(int number) {
        return scenarios().filter(s -> s.name().startsWith(number + " ")).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void recommendsAsTheDocumentedTableSays(Scenario scenario) {
        Recommendation recommendation = RecommendationEngine.recommend(scenario.facts());

        assertThat(recommendation.recommendation()).isEqualTo(scenario.outcome());
        assertThat(recommendation.suggestedRatio()).isEqualTo(new Ratio(new BigDecimal(scenario.clientShare()),
                new BigDecimal(scenario.contractorShare())));
        assertThat(recommendation.confidence()).isEqualByComparingTo(scenario.confidence());
        assertThat(recommendation.signals()).containsExactlyElementsOf(scenario.signals());
        assertThat(recommendation.engineVersion()).isEqualTo(RecommendationEngine.VERSION);
        assertThat(recommendation.explanation()).extracting(RuleApplication::rule)
                                                .containsExactlyElementsOf(scenario.signals());
    }

    @Test
    void theSeedsDisputeGetsTheSeedsAnswer() {
        Recommendation seed = RecommendationEngine.recommend(row(15).facts());

        assertThat(seed.recommendation()).isEqualTo(DisputeOutcome.SPLIT);
        assertThat(seed.confidence()).isEqualTo(new BigDecimal("0.72"));
        assertThat(seed.signals()).containsExactly("late_delivery", "partial_completion");
        assertThat(seed.suggestedRatio()).isEqualTo(new Ratio(new BigDecimal("0.4"), new BigDecimal("0.6")));
        assertThat(seed.engineVersion()).isEqualTo("v1.0.0");
    }

    /** The same delivery history, judged when the undelivered milestone was not yet due and when it was overdue. */
    @Test
    void workInProgressIsHalvedWhereUndeliveredWorkPastItsDeadlineGoesToTheClient() {
        Recommendation inProgress = RecommendationEngine.recommend(row(15).facts());
        Recommendation overdue = RecommendationEngine.recommend(row(7).facts());

        assertThat(inProgress.explanation().get(1).weight()).isEqualByComparingTo("0.7");
        assertThat(overdue.explanation().get(1).weight()).isEqualByComparingTo("0.4");
        assertThat(inProgress.explanation().get(1).confidenceWeight()).isEqualByComparingTo("0.12");
        assertThat(overdue.explanation().get(1).confidenceWeight()).isEqualByComparingTo("0.30");
    }

    @Test
    void everyRuleShowsTheFactsItRead() {
        Recommendation seed = RecommendationEngine.recommend(row(15).facts());

        assertThat(seed.explanation().get(0).facts()).containsExactly(entry("late_amount", "20000"),
                entry("held_amount", "50000"), entry("late_milestones", "ms_a"));
        assertThat(seed.explanation().get(1).facts()).containsExactly(entry("held_amount", "50000"),
                entry("delivered_amount", "20000"), entry("in_progress_amount", "30000"),
                entry("in_progress_milestones", "ms_b"), entry("due_as_of", "2025-02-05T14:00:00Z"));
        Recommendation unanswered = RecommendationEngine.recommend(row(8).facts());
        assertThat(unanswered.explanation().get(2).facts()).containsEntry("contractor_evidence", "1")
                                                           .containsEntry("contractor_first_evidence_after", "PT2H")
                                                           .containsEntry("client_first_evidence_after", "none");
    }

    @Test
    void isDeterministicToTheByteAndStaysInBoundsForRandomDisputes() {
        Random random = new Random(20261121);
        Serializer serializer = EventTypes.serializer();
        for (int i = 0; i < 5_000; i++) {
            DisputeFacts facts = randomFacts(random);

            Recommendation first = RecommendationEngine.recommend(facts);
            Recommendation again = RecommendationEngine.recommend(facts);

            assertThat(again).isEqualTo(first);
            assertThat(serializer.serialize(again, byte[].class).getData())
                    .isEqualTo(serializer.serialize(first, byte[].class).getData());
            assertThat(first.confidence()).isBetween(new BigDecimal("0.05"), new BigDecimal("0.95"));
            assertThat(first.suggestedRatio().client().add(first.suggestedRatio().contractor()))
                    .isEqualByComparingTo(BigDecimal.ONE);
            assertThat(first.signals()).isNotEmpty();
            if (first.recommendation() == DisputeOutcome.RELEASE) {
                assertThat(first.suggestedRatio()).isEqualTo(Ratio.ALL_TO_CONTRACTOR);
            }
            if (first.recommendation() == DisputeOutcome.REFUND) {
                assertThat(first.suggestedRatio()).isEqualTo(Ratio.ALL_TO_CLIENT);
            }
        }
    }

    private static final Instant OPENED = AFTER_BOTH;

    private static DisputeFacts randomFacts(Random random) {
        int count = 1 + random.nextInt(5);
        List<DisputeFacts.MilestoneFacts> milestones = new ArrayList<>();
        long held = 0;
        for (int i = 0; i < count; i++) {
            long amount = 1 + random.nextInt(1_000_000);
            held += amount;
            // Deadlines before and after the opening: overdue work and work in progress.
            Instant deadline = random.nextBoolean() ? OPENED.plusSeconds(random.nextInt(2_000_000) - 1_000_000) : null;
            Instant delivered = random.nextBoolean() ? OPENED.minusSeconds(random.nextInt(2_000_000)) : null;
            milestones.add(new DisputeFacts.MilestoneFacts("m" + i, amount, deadline, delivered));
        }
        List<DisputeFacts.EvidenceFacts> evidence = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            evidence.add(new DisputeFacts.EvidenceFacts(ActorRole.values()[random.nextInt(2)],
                    OPENED.plusSeconds(random.nextInt(100_000))));
        }
        return new DisputeFacts(Money.of(held, "USD"), milestones,
                DisputeReason.values()[random.nextInt(DisputeReason.values().length)],
                ActorRole.values()[random.nextInt(2)], OPENED, evidence);
    }
}
