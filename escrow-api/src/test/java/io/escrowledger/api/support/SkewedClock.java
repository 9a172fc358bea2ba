package io.escrowledger.api.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A node process whose wall clock is off by a fixed amount, as a host whose clock has drifted: libfaketime (Debian's
 * {@code faketime} package, which .ci/run installs) preloaded into the JVM shifts what the C library tells it the time
 * is, and nothing in the service knows. Only the wall clock moves: the monotonic clock the JVM times its waits with is
 * left alone ({@code FAKETIME_DONT_FAKE_MONOTONIC}), and so are the timed waits themselves
 * ({@code FAKETIME_FORCE_MONOTONIC_FIX=0}; with it the JVM's threads spin and a node needs several cores).
 */
public final class SkewedClock {

    private static final List<Path> LIBRARY = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
            Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
            Path.of("/usr/lib/faketime/libfaketime.so.1"));

    private SkewedClock() {
    }

    /** The environment of a process whose clock is {@code offset} ahead of the machine's (behind when negative). */
    public static Map<String, String> environment(Duration offset) {
        Path library = LIBRARY.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                new IllegalStateException("libfaketime is not installed (apt-get install faketime): looked in "
                                          + LIBRARY));
        return Map.of("LD_PRELOAD", library.toString(),
                "FAKETIME", (offset.isNegative() ? "-" : "+") + offset.abs().toMillis() / 1000.0 + "s",
                "FAKETIME_DONT_FAKE_MONOTONIC", "1",
                "FAKETIME_FORCE_MONOTONIC_FIX", "0");
    }
}
