package io.escrowledger.projections.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A PostgreSQL database of this test JVM's own, created on first use and dropped when the JVM exits, so that two
 * test runs on one server never collide. The server is the one at 127.0.0.1:5432 unless ESCROW_TEST_DB_HOST,
 * ESCROW_TEST_DB_PORT, ESCROW_TEST_DB_USER or ESCROW_TEST_DB_PASSWORD say otherwise.
 * Databases left behind by a run that was killed are dropped once they are a day old.
 */
public final class TestDatabase implements AutoCloseable {

    private static final String PREFIX = "escrow_test_";
    private static final Duration ABANDONED_AFTER = Duration.ofDays(1);
    /**
     * How long a new pool tries to connect before it fails. The server's connections are shared with whatever else runs
     * on the machine (another build's tests, say): when all are taken, one is soon given back.
     */
    private static final Duration CONNECT_PATIENCE = Duration.ofSeconds(120);

    private static TestDatabase shared;

    private final String name;
    private final String host = setting("ESCROW_TEST_DB_HOST", "127.0.0.1");
    private final String port = setting("ESCROW_TEST_DB_PORT", "5432");
    private final String user = setting("ESCROW_TEST_DB_USER", "postgres");
    private final String password = setting("ESCROW_TEST_DB_PASSWORD", "");
    private HikariDataSource dataSource;

    private TestDatabase() {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        name = PREFIX + Instant.now().getEpochSecond() + "_" + HexFormat.of().formatHex(random);
    }

    /** The database of this JVM, created (empty, without migrations) on the first call. */
    public static synchronized TestDatabase shared() {
        if (shared == null) {
            TestDatabase database = new TestDatabase();
            database.create();
            Runtime.getRuntime().addShutdownHook(new Thread(database::drop, "drop-" + database.name));
            shared = database;
        }
        return shared;
    }

    /**
     * Another database of its own, for a test whose figures must count only its own rows (the reliability suite's
     * service processes, say); dropped by {@link #close()}, or when the JVM exits if the test could not.
     */
    public static TestDatabase separate() {
        TestDatabase database = new TestDatabase();
        database.create();
        Runtime.getRuntime().addShutdownHook(new Thread(database::drop, "drop-" + database.name));
        return database;
    }

    /** Drops the database, closing every connection still open on it. */
    @Override
    public void close() {
        drop();
    }

    public String url() {
        return jdbcUrl(name);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A small pool on this database with every Flyway migration of the class path applied. */
    public synchronized DataSource migratedDataSource() {
        if (dataSource == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url());
            config.setUsername(user);
            config.setPassword(password);
            config.setMaximumPoolSize(4);
            config.setInitializationFailTimeout(CONNECT_PATIENCE.toMillis());
            dataSource = new HikariDataSource(config);
            Flyway.configure().dataSource(dataSource).load().migrate();
        }
        return dataSource;
    }

    private void create() {
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
            dropAbandoned(statement);
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database on " + jdbcUrl("postgres")
                    + " (is PostgreSQL running? see README): " + e.getMessage(), e);
        }
    }

    private void dropAbandoned(Statement statement) throws SQLException {
        List<String> abandoned = new ArrayList<>();
        long cutoff = Instant.now().minus(ABANDONED_AFTER).getEpochSecond();
        try (var rows = statement.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + PREFIX + "%'")) {
            while (rows.next()) {
                String database = rows.getString(1);
                String[] parts = database.substring(PREFIX.length()).split("_");
                if (parts.length == 2 && parts[0].matches("\\d+") && Long.parseLong(parts[0]) < cutoff) {
                    abandoned.add(database);
                }
            }
        }
        for (String database : abandoned) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private synchronized void drop() {
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
        }
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("Could not drop test database " + name + ": " + e.getMessage());
        }
    }

    private Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl("postgres"), user, password);
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
