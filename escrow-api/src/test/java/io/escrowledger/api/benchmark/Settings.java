package io.escrowledger.api.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How long and how hard the benchmark runs. The defaults are the full run of docs/performance.md; {@code --smoke} is
 * the few-second run the build does so the benchmark cannot rot. Every setting can be given as {@code --name=value}.
 *
 * @param clients          the concurrencies of the closed runs (pgbench uses the same)
 * @param warmup           before each measured window
 * @param measured         each measured window
 * @param openClients      client threads of the open run at half the peak rate
 * @param rebuildEvents    the event store is filled up to this many events before the rebuilds are timed
 * @param longEscrowEvents the long history whose load time is compared with a 10-event one
 * @param loadSamples      how many times each escrow is loaded
 */
record Settings(List<Integer> clients, Duration warmup, Duration measured, int openClients, int rebuildEvents,
                int longEscrowEvents, int loadSamples, Path output) {

    static Settings full() {
        return new Settings(List.of(1, 8, 32, 64), Duration.ofSeconds(5), Duration.ofSeconds(20), 64, 1_000_000,
                1000, 300, Path.of("target", "benchmark"));
    }

    static Settings smoke(Path output) {
        return new Settings(List.of(1, 4), Duration.ofSeconds(1), Duration.ofSeconds(2), 8, 3_000, 40, 20, output);
    }

    /** {@code --smoke} first (if given), then any {@code --name=value} on top of it. */
    static Settings parse(String... args) {
        Settings settings = Arrays.asList(args).contains("--smoke") ? smoke(Path.of("target", "benchmark-smoke"))
                                                                    : full();
        for (String arg : args) {
            if (arg.equals("--smoke")) {
                continue;
            }
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("Expected --name=value, got " + arg);
            }
            settings = settings.with(pair[0], pair[1]);
        }
        return settings;
    }

    private Settings with(String name, String value) {
        return switch (name) {
            case "clients" -> new Settings(Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf)
                                                 .toList(), warmup, measured, openClients,
                    rebuildEvents, longEscrowEvents, loadSamples, output);
            case "warmup" -> new Settings(clients, seconds(value), measured, openClients,
                    rebuildEvents, longEscrowEvents, loadSamples, output);
            case "measured" -> new Settings(clients, warmup, seconds(value), openClients,
                    rebuildEvents, longEscrowEvents, loadSamples, output);
            case "open-clients" -> new Settings(clients, warmup, measured, Integer.parseInt(value),
                    rebuildEvents, longEscrowEvents, loadSamples, output);
            case "rebuild-events" -> new Settings(clients, warmup, measured, openClients,
                    Integer.parseInt(value), longEscrowEvents, loadSamples, output);
            case "long-escrow-events" -> new Settings(clients, warmup, measured, openClients,
                    rebuildEvents, Integer.parseInt(value), loadSamples, output);
            case "load-samples" -> new Settings(clients, warmup, measured, openClients,
                    rebuildEvents, longEscrowEvents, Integer.parseInt(value), output);
            case "output" -> new Settings(clients, warmup, measured, openClients, rebuildEvents,
                    longEscrowEvents, loadSamples, Path.of(value));
            default -> throw new IllegalArgumentException("Unknown setting --" + name);
        };
    }

    private static Duration seconds(String value) {
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }
}
