package io.escrowledger.api.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's results as the Markdown of docs/performance.md: the figures, then each target and its verdict. */
final class Report {

    private Report() {
    }

    static String markdown(Benchmark.Results results) {
        StringBuilder out = new StringBuilder();
        Settings settings = results.settings();
        line(out, "Run of %s on %s; windows of at least %d s (and %d flows) after %d s of warm-up.", results.at(),
                results.machine(), settings.measured().toSeconds(), settings.minFlows(),
                settings.warmup().toSeconds());
        line(out, "");
        line(out, "### Cost per request (counted, not timed)");
        line(out, "");
        line(out, "%d flows of each scenario at %d clients (the read: %d signed GETs of one escrow), counted until "
                  + "the node had also finished what they left to the background (webhooks to one endpoint, "
                  + "analytics); pgbench's scripts at the same concurrency; the idle node per second. Commits and "
                  + "statements are the node's own counts, by path; PostgreSQL's commits are the server's count "
                  + "for the database (every session, the benchmark's own few included). CPU is from /proc: the "
                  + "node, the whole PostgreSQL server, and the client (load generator or pgbench).",
                settings.costFlows(), settings.costClients(),
                settings.costFlows() * Flow.Scenario.LIFECYCLE.steps.size());
        line(out, "");
        line(out, "| scenario | units | events/unit | request-path commits/unit | request-path statements/unit "
                  + "| background commits/event | background statements/event | PostgreSQL commits/unit "
                  + "| CPU ms/unit: node | PostgreSQL | node + PostgreSQL | client |");
        line(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        results.costs().forEach(cost -> out.append(costRow(cost)).append('\n'));
        line(out, "");
        line(out, "### Throughput, closed loop (each client sends its next request when the last is answered)");
        line(out, "");
        line(out, "| clients | pgbench (a) append tx/s | create req/s | ratio to (a) | pgbench (b) load+append tx/s "
                  + "| lifecycle req/s | ratio to (b) | dispute flow req/s | ratio to (b) | p99 create / lifecycle / "
                  + "dispute ms | failed |");
        line(out, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        results.throughput().forEach(row -> out.append(throughputRow(row)).append('\n'));
        line(out, "");
        Load.Result half = results.halfPeak();
        line(out, "### Latency at half the peak rate (open loop)");
        line(out, "");
        line(out, "%.0f requests/s (half the lifecycle peak of %.0f/s) from %d clients: half lifecycles, three in "
                  + "eight dispute flows, one in eight vault-funded lifecycles; %d requests, %d failed.",
                results.peakRate() / 2, results.peakRate(), half.clients(), half.requests() + half.failures(),
                half.failures());
        line(out, "");
        line(out, "| p50 ms | p95 ms | p99 ms | max ms |");
        line(out, "|---:|---:|---:|---:|");
        line(out, "| %.1f | %.1f | %.1f | %.1f |", half.percentileMillis(50), half.percentileMillis(95),
                half.percentileMillis(99), half.percentileMillis(100));
        line(out, "");
        line(out, "### Projection lag at that rate (from the command's answer to its row)");
        line(out, "");
        line(out, "| read model | how it is kept | samples | p50 ms | p99 ms | max ms | never seen |");
        line(out, "|---|---|---:|---:|---:|---:|---:|");
        for (ReadModelLag.ReadModel model : ReadModelLag.ReadModel.values()) {
            double[] lags = results.lags().getOrDefault(model, new double[0]);
            line(out, "| %s | %s | %d | %s | %s | %s | %d |", model.name().toLowerCase().replace('_', ' '),
                    keptBy(model), lags.length, percentile(lags, 50), percentile(lags, 99), percentile(lags, 100),
                    results.lagTimeouts().getOrDefault(model, 0L));
        }
        line(out, "");
        line(out, "### Rebuilds, load times, memory, start-up");
        line(out, "");
        line(out, "| figure | measured |");
        line(out, "|---|---:|");
        for (Benchmark.Rebuild rebuild : results.rebuilds()) {
            line(out, "| rebuild of %s | %d events in %.1f s: **%.0f events/s** |", rebuild.what(), rebuild.events(),
                    rebuild.seconds(), rebuild.eventsPerSecond());
        }
        Benchmark.LoadTime shortHistory = results.shortHistory();
        Benchmark.LoadTime longHistory = results.longHistory();
        line(out, "| load of an escrow with %d events (a refused command, median / p90) | %.2f / %.2f ms |",
                shortHistory.events(), shortHistory.medianMillis(), shortHistory.p90Millis());
        line(out, "| load of an escrow with %d events (median / p90) | %.2f / %.2f ms: **%.2f×** |",
                longHistory.events(), longHistory.medianMillis(), longHistory.p90Millis(), loadRatio(results));
        line(out, "| heap used, highest sample under load (cap -Xmx512m) | %d MiB |", results.maxHeapBytes() >> 20);
        line(out, "| resident set size, highest sample under load | %d MiB |", results.maxRssBytes() >> 20);
        line(out, "| garbage collection pauses during the load runs | %.1f s |", results.gcSeconds());
        Benchmark.StartUps startUps = results.startUps();
        line(out, "| start-up, JVM start to ready: extracted, with a CDS archive (docs/operations.md)%s | %.2f s |",
                settings.profile() ? ", but here without it: the flight recorder was on" : "",
                startUps.archivedSeconds());
        line(out, "| start-up as the packaged jar, `java -jar` (first start, migrating an empty database) | %.2f s "
                  + "(%.2f s) |", startUps.jarSeconds(), startUps.firstSeconds());
        line(out, "");
        line(out, "### Targets");
        line(out, "");
        line(out, "| target | measured | met |");
        line(out, "|---|---:|:---:|");
        targets(results).forEach(target -> line(out, "| %s | %s | %s |", target.name(), target.measured(),
                target.met() ? "yes" : "**no**"));
        return out.toString();
    }

    record Target(String name, String measured, boolean met) {
    }

    static List<Target> targets(Benchmark.Results results) {
        List<Target> targets = new ArrayList<>();
        for (Costs.Cost cost : results.costs()) {
            if (cost.what().startsWith("pgbench")) {
                continue;
            }
            if (cost.what().startsWith("idle")) {
                double commits = cost.per(cost.spent().serverCommits());
                targets.add(new Target("an idle node commits nothing (PostgreSQL commits/s, all sessions)",
                        format("%.2f/s", commits), commits == 0));
                continue;
            }
            double commits = cost.per(cost.spent().requestCommits());
            targets.add(new Target("one commit per request on the request path: " + cost.what(),
                    format("%.2f", commits), commits <= 1.0));
            double background = cost.backgroundCommitsPerEvent();
            if (!Double.isNaN(background)) {
                targets.add(new Target("≤ 0.2 background commits per event: " + cost.what(),
                        format("%.2f", background), background <= 0.2));
            }
        }
        results.costs().stream().filter(cost -> cost.what().equals("create")).forEach(cost -> targets.add(
                new Target("CPU per signed create ≤ 2.5 ms (node + PostgreSQL)",
                        format("%.2f ms", cost.serviceCpuMillis()), cost.serviceCpuMillis() <= 2.5)));
        results.costs().stream().filter(cost -> cost.what().equals("read")).forEach(cost -> targets.add(
                new Target("CPU per signed GET ≤ 0.8 ms (node + PostgreSQL)",
                        format("%.2f ms", cost.serviceCpuMillis()), cost.serviceCpuMillis() <= 0.8)));
        for (Benchmark.Throughput row : results.throughput()) {
            double create = row.create().requestsPerSecond() / row.pgbenchAppend();
            targets.add(new Target("signed creation ≥ 50% of pgbench (a), " + row.clients() + " clients",
                    percent(create), create >= 0.5));
            double lifecycle = row.lifecycle().requestsPerSecond() / row.pgbenchLoadAndAppend();
            targets.add(new Target("commands on existing escrows (lifecycle) ≥ 60% of pgbench (b), " + row.clients()
                                   + " clients", percent(lifecycle), lifecycle >= 0.6));
        }
        double p99 = results.halfPeak().percentileMillis(99);
        targets.add(new Target("p99 latency at half the peak rate < 20 ms", format("%.1f ms", p99), p99 < 20));
        for (Map.Entry<ReadModelLag.ReadModel, double[]> lag : results.lags().entrySet()) {
            double lagP99 = quantile(lag.getValue(), 99);
            boolean complete = results.lagTimeouts().getOrDefault(lag.getKey(), 0L) == 0;
            targets.add(new Target("projection lag p99 < 100 ms: " + lag.getKey().name().toLowerCase(),
                    format("%.1f ms", lagP99), complete && lagP99 < 100));
        }
        for (Benchmark.Rebuild rebuild : results.rebuilds()) {
            targets.add(new Target("rebuild ≥ 50,000 events/s: " + rebuild.what(),
                    format("%.0f/s", rebuild.eventsPerSecond()), rebuild.eventsPerSecond() >= 50_000));
        }
        targets.add(new Target("load of " + results.longHistory().events() + " events ≤ 2× load of "
                               + results.shortHistory().events(), format("%.2f×", loadRatio(results)),
                loadRatio(results) <= 2));
        targets.add(new Target("heap under sustained load < 512 MB", (results.maxHeapBytes() >> 20) + " MiB",
                results.maxHeapBytes() < 512L * 1000 * 1000));
        targets.add(new Target("start-up < 6 s (extracted, with a CDS archive)",
                format("%.2f s", results.startUps().archivedSeconds()), results.startUps().archivedSeconds() < 6));
        return targets;
    }

    static String costRow(Costs.Cost cost) {
        Costs.Reading spent = cost.spent();
        return format("| %s | %d | %.2f | %.2f | %.1f | %s | %s | %.2f | %.2f | %.2f | **%.2f** | %.2f |", cost.what(),
                cost.units(), cost.eventsPerUnit(), cost.per(spent.requestCommits()),
                cost.per(spent.requestStatements()), decimal(cost.backgroundCommitsPerEvent()),
                decimal(cost.backgroundStatementsPerEvent()), cost.per(spent.serverCommits()), cost.nodeCpuMillis(),
                cost.postgresCpuMillis(), cost.serviceCpuMillis(), cost.clientCpuMillis());
    }

    private static String decimal(double value) {
        return Double.isNaN(value) ? "–" : format("%.2f", value);
    }

    static String throughputRow(Benchmark.Throughput row) {
        return format("| %d | %.0f | %.0f | %s | %.0f | %.0f | %s | %.0f | %s | %.1f / %.1f / %.1f | %d |",
                row.clients(), row.pgbenchAppend(), row.create().requestsPerSecond(),
                percent(row.create().requestsPerSecond() / row.pgbenchAppend()), row.pgbenchLoadAndAppend(),
                row.lifecycle().requestsPerSecond(),
                percent(row.lifecycle().requestsPerSecond() / row.pgbenchLoadAndAppend()),
                row.dispute().requestsPerSecond(),
                percent(row.dispute().requestsPerSecond() / row.pgbenchLoadAndAppend()),
                row.create().percentileMillis(99), row.lifecycle().percentileMillis(99),
                row.dispute().percentileMillis(99),
                row.create().failures() + row.lifecycle().failures() + row.dispute().failures());
    }

    private static double loadRatio(Benchmark.Results results) {
        return results.longHistory().medianMillis() / results.shortHistory().medianMillis();
    }

    private static String keptBy(ReadModelLag.ReadModel model) {
        return switch (model) {
            case WEBHOOKS -> "written in the command's transaction, then delivered in batches (not a read model)";
            default -> "subscribing: in the command's transaction";
        };
    }

    static double quantile(double[] sorted, double percent) {
        return sorted.length == 0 ? Double.NaN : sorted[rank(sorted.length, percent)];
    }

    /** The index, in a sorted array of {@code length} values, of the value below which {@code percent} of them lie. */
    static int rank(int length, double percent) {
        int index = (int) Math.ceil(percent / 100 * length) - 1;
        return Math.max(0, Math.min(length - 1, index));
    }

    private static String percentile(double[] sorted, double percent) {
        return sorted.length == 0 ? "–" : format("%.1f", quantile(sorted, percent));
    }

    private static String percent(double ratio) {
        return format("%.0f%%", ratio * 100);
    }

    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(format(format, args)).append('\n');
    }
}
