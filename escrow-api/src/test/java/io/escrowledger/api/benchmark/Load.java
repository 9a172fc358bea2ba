package io.escrowledger.api.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Client threads driving the service. A closed load keeps {@code clients} threads each sending its next request as
 * soon as the last was answered: its rate is the service's throughput at that concurrency. An open load sends requests
 * at a fixed rate whatever the answers do, and measures each latency from when the request was due rather than when
 * it was sent, so a stall is not hidden by the requests it delayed (coordinated omission). Only what completes in the
 * measured window counts; the warm-up before it lets the JIT and the connection pools settle.
 */
final class Load {

    /** What a run measured. Latencies in microseconds. */
    record Result(String name, int clients, double seconds, long requests, long flows, long failures,
                  Map<String, Long> failuresByStep, long[] latencies) {

        double requestsPerSecond() {
            return requests / seconds;
        }

        double flowsPerSecond() {
            return flows / seconds;
        }

        /** The latency below which {@code percent} of the requests were answered, in milliseconds. */
        double percentileMillis(double percent) {
            return latencies.length == 0 ? Double.NaN : latencies[Report.rank(latencies.length, percent)] / 1000.0;
        }
    }

    private Load() {
    }

    /**
     * Runs for the {@code measured} window and then on until {@code minFlows} flows completed inside it, or until
     * {@code limit} has passed since the window began (the result then shows fewer flows).
     *
     * @param vaults the vault each client thread funds from (by thread number), for {@link Flow.Scenario#VAULT_LIFECYCLE}
     */
    static Result closed(String name, SignedHttp http, Flow.Scenario scenario, int clients, Duration warmup,
                         Duration measured, int minFlows, Duration limit, IntFunction<String> vaults) {
        long start = System.nanoTime() + warmup.toNanos();
        Window window = new Window(start);
        Counters counters = new Counters();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String vault = vaults.apply(i);
            threads.add(started(name + "-" + i, () -> {
                Recorder recorder = counters.recorder();
                Flow flow = new Flow(scenario, vault);
                while (!window.closed()) {
                    if (flow.done()) {
                        flow = new Flow(scenario, vault);
                    }
                    long sent = System.nanoTime();
                    Flow.Sent answer = flow.step(http);
                    long answered = System.nanoTime();
                    if (sent >= start && window.isOpenAt(answered)) {
                        recorder.record(answer, answered - sent, flow.done());
                    }
                }
            }));
        }
        window.closeWhen(start + measured.toNanos(), start + limit.toNanos(), () -> counters.flows() >= minFlows);
        join(threads);
        return counters.result(name, clients, window.seconds());
    }

    /**
     * Runs exactly {@code flows} flows, made by {@code newFlow} for each client thread, spread over {@code clients}
     * threads, however long they take: what a fixed amount of work costs (Costs), not how fast it goes.
     */
    static Result count(String name, SignedHttp http, IntFunction<Flow> newFlow, int clients, int flows) {
        long start = System.nanoTime();
        AtomicLong tickets = new AtomicLong();
        Counters counters = new Counters();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int thread = i;
            threads.add(started(name + "-" + i, () -> {
                Recorder recorder = counters.recorder();
                while (tickets.getAndIncrement() < flows) {
                    Flow flow = newFlow.apply(thread);
                    while (!flow.done()) {
                        long sent = System.nanoTime();
                        Flow.Sent answer = flow.step(http);
                        recorder.record(answer, System.nanoTime() - sent, flow.done());
                    }
                }
            }));
        }
        join(threads);
        return counters.result(name, clients, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Requests at {@code perSecond} in all, spread over {@code clients} threads, each taking its own escrows through
     * the scenario given by {@code scenarios} for its thread number. {@code answered} sees each answer in the measured
     * window, with when it arrived (System.nanoTime). The window lasts {@code measured}, and then on until
     * {@code enough} says so or {@code limit} has passed since it began.
     */
    static Result open(String name, SignedHttp http, IntFunction<Flow.Scenario> scenarios, double perSecond,
                       int clients, Duration warmup, Duration measured, BooleanSupplier enough, Duration limit,
                       IntFunction<String> vaults, Consumer<Answered> answered) {
        long origin = System.nanoTime() + 50_000_000;
        long start = origin + warmup.toNanos();
        Window window = new Window(start);
        double interval = 1e9 / perSecond;
        AtomicLong tickets = new AtomicLong();
        Counters counters = new Counters();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Flow.Scenario scenario = scenarios.apply(i);
            String vault = vaults.apply(i);
            threads.add(started(name + "-" + i, () -> {
                Recorder recorder = counters.recorder();
                Flow flow = new Flow(scenario, vault);
                while (true) {
                    long due = origin + (long) (tickets.getAndIncrement() * interval);
                    LockSupport.parkNanos(due - System.nanoTime());
                    if (!window.isOpenAt(due)) {
                        return;
                    }
                    if (flow.done()) {
                        flow = new Flow(scenario, vault);
                    }
                    Flow.Sent answer = flow.step(http);
                    long at = System.nanoTime();
                    if (due >= start) {
                        recorder.record(answer, at - due, flow.done());
                        answered.accept(new Answered(answer, at, vault));
                    }
                }
            }));
        }
        window.closeWhen(start + measured.toNanos(), start + limit.toNanos(), enough);
        join(threads);
        return counters.result(name, clients, window.seconds());
    }

    /**
     * A measured window that closes once it has lasted long enough and has what it measures (or has run out of
     * patience). Threads read it as they go; the caller's thread closes it.
     */
    private static final class Window {
        private final long start;
        private volatile long end = Long.MAX_VALUE;

        Window(long start) {
            this.start = start;
        }

        boolean isOpenAt(long nanos) {
            return nanos < end;
        }

        boolean closed() {
            return !isOpenAt(System.nanoTime());
        }

        /** Blocks until {@code earliest}, then until {@code enough} or {@code latest}, and closes the window. */
        void closeWhen(long earliest, long latest, BooleanSupplier enough) {
            LockSupport.parkNanos(earliest - System.nanoTime());
            while (!enough.getAsBoolean() && System.nanoTime() < latest) {
                LockSupport.parkNanos(20_000_000);
            }
            end = System.nanoTime();
        }

        double seconds() {
            return (end - start) / 1e9;
        }
    }

    /** An answer of an open run, with when it arrived and the client's vault (null for most scenarios). */
    record Answered(Flow.Sent sent, long atNanos, String vaultId) {
    }

    /** Each thread records into its own recorder; the run merges them once the threads are done. */
    private static final class Counters {
        private final List<Recorder> recorders = new ArrayList<>();

        synchronized Recorder recorder() {
            Recorder recorder = new Recorder();
            recorders.add(recorder);
            return recorder;
        }

        /** Flows completed so far inside the window, by every thread (read while they run: a moment's view). */
        synchronized long flows() {
            return recorders.stream().mapToLong(recorder -> recorder.flows).sum();
        }

        synchronized Result result(String name, int clients, double seconds) {
            long requests = 0;
            long flows = 0;
            long failures = 0;
            Map<String, Long> failuresByStep = new TreeMap<>();
            int count = recorders.stream().mapToInt(recorder -> recorder.count).sum();
            long[] latencies = new long[count];
            int at = 0;
            for (Recorder recorder : recorders) {
                requests += recorder.count;
                flows += recorder.flows;
                failures += recorder.failures;
                recorder.failuresByStep.forEach((step, n) -> failuresByStep.merge(step, n, Long::sum));
                System.arraycopy(recorder.latencies, 0, latencies, at, recorder.count);
                at += recorder.count;
            }
            Arrays.sort(latencies);
            return new Result(name, clients, seconds, requests - failures, flows, failures,
                    failuresByStep, latencies);
        }
    }

    private static final class Recorder {
        private long[] latencies = new long[4096];
        private int count;
        private volatile long flows;
        private long failures;
        private final Map<String, Long> failuresByStep = new ConcurrentHashMap<>();

        void record(Flow.Sent answer, long nanos, boolean flowDone) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos / 1000;
            if (!answer.ok()) {
                failures++;
                failuresByStep.merge(answer.step() + " " + answer.status(), 1L, Long::sum);
            } else if (flowDone) {
                flows++;
            }
        }
    }

    private static Thread started(String name, Runnable client) {
        Thread thread = new Thread(client, name);
        thread.start();
        return thread;
    }

    private static void join(List<Thread> threads) {
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
