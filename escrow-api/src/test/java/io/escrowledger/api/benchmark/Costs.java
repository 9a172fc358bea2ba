package io.escrowledger.api.benchmark;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What work costs, counted rather than timed, so that the figures hold on a busy machine where throughput does not:
 * CPU time of the service node, of the whole PostgreSQL server and of the client (the load generator's JVM and the
 * pgbench it starts), from /proc; the statements and commits the node sent, by path (while answering integrators'
 * requests, and everything else: processors, webhook delivery, and the few metrics scrapes of the measuring), from its own counters ({@code escrow.db.statements}, {@code escrow.db.commits}); the commits
 * PostgreSQL counted for the database (every session, from pg_stat_database); and the events stored. A reading is
 * taken before and after a phase; the difference is the phase's cost. PostgreSQL's CPU is the whole server's, so the
 * figures are only meaningful on a server nothing else uses meanwhile.
 */
final class Costs {

    /** Linux's clock ticks per second for /proc CPU times (USER_HZ), 100 on every common kernel. */
    private static final double TICKS_PER_SECOND = 100;

    /** One moment's totals. CPU in clock ticks. */
    record Reading(long nodeTicks, long postgresTicks, long clientTicks, double requestStatements,
                   double requestCommits, double otherStatements, double otherCommits, long serverCommits,
                   long events, long nanos) {

        Reading minus(Reading before) {
            return new Reading(nodeTicks - before.nodeTicks, postgresTicks - before.postgresTicks,
                    clientTicks - before.clientTicks, requestStatements - before.requestStatements,
                    requestCommits - before.requestCommits, otherStatements - before.otherStatements,
                    otherCommits - before.otherCommits, serverCommits - before.serverCommits,
                    events - before.events, nanos - before.nanos);
        }
    }

    /** What {@code units} requests (or pgbench transactions, or seconds of idling) cost together. */
    record Cost(String what, long units, Reading spent) {

        double per(double total) {
            return units == 0 ? Double.NaN : total / units;
        }

        double eventsPerUnit() {
            return per(spent.events());
        }

        double nodeCpuMillis() {
            return per(spent.nodeTicks() * 1000 / TICKS_PER_SECOND);
        }

        double postgresCpuMillis() {
            return per(spent.postgresTicks() * 1000 / TICKS_PER_SECOND);
        }

        double clientCpuMillis() {
            return per(spent.clientTicks() * 1000 / TICKS_PER_SECOND);
        }

        /** The service's CPU per unit: its node and PostgreSQL, what the targets count. */
        double serviceCpuMillis() {
            return nodeCpuMillis() + postgresCpuMillis();
        }

        /** Commits off the request path (event processors, webhook delivery) per stored event; NaN without events. */
        double backgroundCommitsPerEvent() {
            return spent.events() == 0 ? Double.NaN : spent.otherCommits() / spent.events();
        }

        double backgroundStatementsPerEvent() {
            return spent.events() == 0 ? Double.NaN : spent.otherStatements() / spent.events();
        }
    }

    private final long nodePid;
    private final NodeMetrics metrics;
    private final JdbcClient jdbc;

    /** @param nodePid the service node's process, or -1 where there is none (pgbench alone) */
    Costs(long nodePid, NodeMetrics metrics, JdbcClient jdbc) {
        this.nodePid = nodePid;
        this.metrics = metrics;
        this.jdbc = jdbc;
    }

    Reading read() {
        jdbc.sql("SELECT pg_stat_clear_snapshot()").query(Object.class).list();
        long serverCommits = jdbc.sql("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
                                 .query(Long.class).single();
        long events = jdbc.sql("SELECT coalesce(max(global_index), 0) FROM domain_event_entry").query(Long.class)
                          .single();
        double[] counted = metrics.sums("escrow_db_statements_total{path=\"request\"",
                "escrow_db_commits_total{path=\"request\"", "escrow_db_statements_total{path=\"other\"",
                "escrow_db_commits_total{path=\"other\"");
        return new Reading(ticks(nodePid, false), postgresTicks(), ticks(ProcessHandle.current().pid(), true),
                counted[0], counted[1], counted[2], counted[3], serverCommits, events, System.nanoTime());
    }

    /**
     * Every process of the PostgreSQL server: the postmaster and its live children (backends, WAL writer,
     * checkpointer, autovacuum), and the children that already exited (a closed connection's backend), which the
     * kernel adds to the postmaster's own account of its waited-for children.
     */
    private static long postgresTicks() {
        long total = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(path -> path.getFileName().toString().matches("\\d+")).toList()) {
                String[] stat = stat(process);
                if (stat == null || !stat[1].equals("(postgres)")) {
                    continue;
                }
                String[] parent = stat(Path.of("/proc", stat[3]));
                boolean postmaster = parent == null || !parent[1].equals("(postgres)");
                total += cpu(stat, postmaster);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }

    /** utime + stime (and the waited-for children's cutime + cstime when asked), in clock ticks. */
    private static long ticks(long pid, boolean withChildren) {
        if (pid < 0) {
            return 0;
        }
        String[] stat = stat(Path.of("/proc", Long.toString(pid)));
        if (stat == null) {
            throw new IllegalStateException("No process " + pid);
        }
        return cpu(stat, withChildren);
    }

    private static long cpu(String[] stat, boolean withChildren) {
        long own = Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
        return withChildren ? own + Long.parseLong(stat[15]) + Long.parseLong(stat[16]) : own;
    }

    /**
     * The fields of /proc/PID/stat, numbered from 0 as in proc(5) minus one; the command name (field 1) may hold
     * spaces, so the fields after it are split from its closing parenthesis. Null when the process is gone.
     */
    private static String[] stat(Path process) {
        String line;
        try {
            line = Files.readString(process.resolve("stat"));
        } catch (IOException gone) {
            return null;
        }
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        String[] rest = line.substring(close + 2).trim().split(" ");
        String[] fields = new String[rest.length + 2];
        fields[0] = line.substring(0, open).trim();
        fields[1] = line.substring(open, close + 1);
        System.arraycopy(rest, 0, fields, 2, rest.length);
        return fields;
    }
}
