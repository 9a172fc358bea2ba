package io.escrowledger.api.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the service node shows of itself: its Prometheus metrics (docs/operations.md) and its resident memory from
 * /proc. A sampler thread keeps the highest heap use and resident set size seen while it runs.
 */
final class NodeMetrics implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final long pid;
    private final URI prometheus;
    private final String token;
    private final AtomicLong maxHeapBytes = new AtomicLong();
    private final AtomicLong maxRssBytes = new AtomicLong();
    private volatile Thread sampler;

    NodeMetrics(long pid, String baseUrl, String metricsToken) {
        this.pid = pid;
        this.prometheus = URI.create(baseUrl + "/actuator/prometheus");
        this.token = metricsToken;
    }

    /** The sum of every series of a metric whose name and labels start with {@code series}. */
    double sum(String series) {
        return sums(series)[0];
    }

    /** {@link #sum} of each of several series, from one scrape. */
    double[] sums(String... series) {
        double[] sums = new double[series.length];
        for (String line : scrape().split("\n")) {
            for (int i = 0; i < series.length; i++) {
                if (line.startsWith(series[i])) {
                    sums[i] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sums;
    }

    long heapUsedBytes() {
        return (long) sum("jvm_memory_used_bytes{area=\"heap\"");
    }

    /** The resident set size, from /proc (Linux). */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void startSampling(Duration every) {
        sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    maxHeapBytes.accumulateAndGet(heapUsedBytes(), Math::max);
                    maxRssBytes.accumulateAndGet(rssBytes(), Math::max);
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException nodeGone) {
                    return;
                }
            }
        }, "node-metrics");
        sampler.setDaemon(true);
        sampler.start();
    }

    long maxHeapBytes() {
        return maxHeapBytes.get();
    }

    long maxRssBytes() {
        return maxRssBytes.get();
    }

    private String scrape() {
        HttpRequest request = HttpRequest.newBuilder(prometheus).header("Authorization", "Bearer " + token)
                                         .timeout(Duration.ofSeconds(60)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Metrics answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.interrupt();
        }
    }
}
