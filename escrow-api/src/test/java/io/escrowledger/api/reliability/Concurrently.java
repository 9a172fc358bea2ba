package io.escrowledger.api.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Client threads for the scenarios, and time passing between their phases. */
final class Concurrently {

    private Concurrently() {
    }

    /** Lets time pass (nothing to do when it is negative). */
    static void pause(Duration duration) {
        if (duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs every task on a thread of its own, all released at the same instant; their results, in order. */
    static <T> List<T> race(List<Callable<T>> contenders) {
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<T>> gated = contenders.stream().<Callable<T>>map(task -> () -> {
            start.await();
            return task.call();
        }).toList();
        return run(contenders.size(), gated, start);
    }

    /** Runs the tasks on {@code threads} threads; their results, in order. A task's failure fails the call. */
    static <T> List<T> run(int threads, List<Callable<T>> tasks) {
        return run(threads, tasks, null);
    }

    private static <T> List<T> run(int threads, List<Callable<T>> tasks, CountDownLatch start) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            tasks.forEach(task -> futures.add(pool.submit(task)));
            if (start != null) {
                start.countDown();
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }
}
