package io.escrowledger.api.benchmark;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark of docs/performance.md, run briefly against the packaged jar, so that it cannot rot between full runs:
 * every phase runs, every figure is measured, nothing fails. It checks no target and nothing that depends on the
 * machine's speed: each phase runs until it has what it measures, however slowly (Settings), so a busy CI machine
 * makes it longer, never red. The full run is {@code scripts/benchmark}.
 */
class BenchmarkSmokeIT {

    @Test
    void everyFigureOfTheBenchmarkIsMeasuredWithoutAFailedRequest() throws Exception {
        Settings settings = Settings.smoke(Path.of("target", "benchmark-smoke"));

        Benchmark.Results results = Benchmark.run(settings);

        assertThat(results.costs()).hasSize(1 + Flow.Scenario.values().length + Pgbench.Script.values().length)
                                   .allSatisfy(cost -> assertThat(cost.units()).as(cost.what()).isPositive());
        assertThat(results.costs()).filteredOn(cost -> !cost.what().startsWith("idle")
                                                       && !cost.what().startsWith("pgbench"))
                                   .allSatisfy(cost -> {
                                       assertThat(cost.spent().requestStatements()).as(cost.what()).isPositive();
                                       assertThat(cost.spent().nodeTicks() + cost.spent().postgresTicks())
                                               .as(cost.what()).isPositive();
                                   });
        assertThat(results.throughput()).hasSize(settings.clients().size()).allSatisfy(row -> {
            assertThat(row.pgbenchAppend()).isPositive();
            assertThat(row.pgbenchLoadAndAppend()).isPositive();
            for (Load.Result scenario : new Load.Result[]{row.create(), row.lifecycle(), row.dispute()}) {
                assertThat(scenario.failuresByStep()).as(scenario.name()).isEmpty();
                assertThat(scenario.requests()).as(scenario.name()).isPositive();
            }
            assertThat(row.lifecycle().flows()).isGreaterThanOrEqualTo(settings.minFlows());
            assertThat(row.dispute().flows()).isGreaterThanOrEqualTo(settings.minFlows());
        });
        assertThat(results.halfPeak().failuresByStep()).isEmpty();
        assertThat(results.halfPeak().requests()).isPositive();
        assertThat(results.lags().keySet()).containsExactlyInAnyOrder(ReadModelLag.ReadModel.values());
        assertThat(results.lags().values()).allSatisfy(samples -> assertThat(samples).isNotEmpty());
        assertThat(results.lagTimeouts()).isEmpty();
        assertThat(results.rebuilds()).hasSize(2).allSatisfy(rebuild -> {
            assertThat(rebuild.events()).isGreaterThanOrEqualTo(settings.rebuildEvents());
            assertThat(rebuild.eventsPerSecond()).isPositive();
        });
        assertThat(results.shortHistory().events()).isEqualTo(10);
        assertThat(results.longHistory().events()).isEqualTo(settings.longEscrowEvents());
        assertThat(results.shortHistory().answer()).startsWith("4");
        assertThat(results.maxHeapBytes()).isPositive();
        assertThat(results.maxRssBytes()).isGreaterThan(results.maxHeapBytes() / 4);
        assertThat(results.startUps().firstSeconds()).isPositive();
        assertThat(results.startUps().jarSeconds()).isPositive();
        assertThat(results.startUps().archivedSeconds()).isPositive();

        String report = Files.readString(settings.output().resolve("results.md"));
        assertThat(report).contains("### Targets");
        assertThat(report.lines().filter(line -> line.endsWith("| yes |") || line.endsWith("| **no** |")))
                .hasSize(Report.targets(results).size());
    }
}
