package io.escrowledger.api.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How long and how hard the benchmark runs. The defaults are the full run of docs/performance.md; {@code --smoke} is
 * the short run the build does so the benchmark cannot rot. Every setting can be given as {@code --name=value}.
 * <p>
 * Every load phase runs for its window and then on until it has what it measures ({@code min-flows} flows of each
 * closed scenario, {@code min-lag-samples} answers for each read model), within {@code phase-limit}: on a slow or busy
 * machine a phase takes longer instead of measuring nothing.
 *
 * @param clients          the concurrencies of the closed runs (pgbench uses the same)
 * @param warmup           before each measured window
 * @param measured         each measured window (at least)
 * @param openClients      client threads of the open run at half the peak rate
 * @param rebuildEvents    the event store is filled up to this many events before the rebuilds are timed
 * @param longEscrowEvents the long history whose load time is compared with a 10-event one
 * @param loadSamples      how many times each escrow is loaded
 * @param minFlows         flows of each closed scenario completed inside its window, at least
 * @param minLagSamples    answers sampled for each read model's lag in the open run, at least
 * @param phaseLimit       how long a phase may run on to reach its counts; then it ends with what it has (the smoke
 *                         run then fails its checks)
 * @param lagPatience      how long a lag sample waits for its read model before it counts as never seen
 * @param costClients      the concurrency at which each scenario's cost per request is counted (Costs)
 * @param costFlows        how many flows of each scenario the cost is counted over
 * @param idleWindow       how long an idle node is watched
 * @param statsSettle      the wait before each cost reading, for PostgreSQL's statistics to include the last
 *                         transactions (idle backends report theirs within 10 s)
 * @param profile          record the node with Java Flight Recorder (a file per start in jfr/ in the output folder,
 *                         written when the node stops)
 */
record Settings(List<Integer> clients, Duration warmup, Duration measured, int openClients, int rebuildEvents,
                int longEscrowEvents, int loadSamples, int minFlows, int minLagSamples, Duration phaseLimit,
                Duration lagPatience, int costClients, int costFlows, Duration idleWindow, Duration statsSettle,
                boolean profile, Path output) {

    static Settings full() {
        return new Settings(List.of(1, 8, 32, 64), Duration.ofSeconds(5), Duration.ofSeconds(20), 64, 1_000_000,
                1000, 300, 1, 20, Duration.ofMinutes(10), Duration.ofSeconds(10), 8, 1000, Duration.ofSeconds(30),
                Duration.ofSeconds(11), false, Path.of("target", "benchmark"));
    }

    /** Short windows, small counts, and all the patience a busy CI machine may need. */
    static Settings smoke(Path output) {
        return new Settings(List.of(1, 4), Duration.ofSeconds(1), Duration.ofSeconds(2), 8, 3_000, 40, 20, 2, 2,
                Duration.ofMinutes(5), Duration.ofMinutes(2), 4, 8, Duration.ofSeconds(1), Duration.ZERO, false, output);
    }

    /** {@code --smoke} first (if given), then any {@code --name=value} on top of it. */
    static Settings parse(String... args) {
        Settings base = Arrays.asList(args).contains("--smoke") ? smoke(Path.of("target", "benchmark-smoke")) : full();
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (arg.equals("--smoke")) {
                continue;
            }
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("Expected --name=value, got " + arg);
            }
            given.put(pair[0], pair[1]);
        }
        Overrides overrides = new Overrides(given);
        Settings settings = new Settings(
                overrides.get("clients", base.clients, value -> Arrays.stream(value.split(",")).map(String::trim)
                                                                       .map(Integer::valueOf).toList()),
                overrides.get("warmup", base.warmup, Settings::seconds),
                overrides.get("measured", base.measured, Settings::seconds),
                overrides.get("open-clients", base.openClients, Integer::valueOf),
                overrides.get("rebuild-events", base.rebuildEvents, Integer::valueOf),
                overrides.get("long-escrow-events", base.longEscrowEvents, Integer::valueOf),
                overrides.get("load-samples", base.loadSamples, Integer::valueOf),
                overrides.get("min-flows", base.minFlows, Integer::valueOf),
                overrides.get("min-lag-samples", base.minLagSamples, Integer::valueOf),
                overrides.get("phase-limit", base.phaseLimit, Settings::seconds),
                overrides.get("lag-patience", base.lagPatience, Settings::seconds),
                overrides.get("cost-clients", base.costClients, Integer::valueOf),
                overrides.get("cost-flows", base.costFlows, Integer::valueOf),
                overrides.get("idle-window", base.idleWindow, Settings::seconds),
                overrides.get("stats-settle", base.statsSettle, Settings::seconds),
                overrides.get("profile", base.profile, Boolean::valueOf),
                overrides.get("output", base.output, Path::of));
        overrides.requireAllUsed();
        return settings;
    }

    /** The settings given on the command line, each read once; one never read is a typo. */
    private static final class Overrides {
        private final Map<String, String> given;

        Overrides(Map<String, String> given) {
            this.given = new HashMap<>(given);
        }

        <T> T get(String name, T otherwise, Function<String, T> parse) {
            String value = given.remove(name);
            return value == null ? otherwise : parse.apply(value);
        }

        void requireAllUsed() {
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("Unknown settings: --" + String.join(", --", given.keySet()));
            }
        }
    }

    private static Duration seconds(String value) {
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }
}
