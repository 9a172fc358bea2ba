package io.escrowledger.api.config;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Before anything else starts: checks that PostgreSQL answers, and creates the configured database on first start
 * when it is missing and the server allows it. A server that cannot be reached ends start-up at once with one clear
 * message (see {@link io.escrowledger.boot.StartupProblemFailureAnalyzer}) instead of a wall of stack traces from every component
 * that needed the database. Registered in META-INF/spring.factories.
 */
public class DatabaseBootstrap implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private static final Pattern POSTGRES_URL = Pattern.compile("(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final String INVALID_CATALOG_NAME = "3D000";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        Environment environment = event.getEnvironment();
        String url = environment.getProperty("spring.datasource.url");
        if (url != null && url.startsWith("jdbc:postgresql:")) {
            ensureDatabaseExists(url, environment.getProperty("spring.datasource.username"),
                    environment.getProperty("spring.datasource.password"));
        }
    }

    /** @return true when the database had to be created */
    public static boolean ensureDatabaseExists(String url, String user, String password) {
        try (Connection ignored = connect(url, user, password)) {
            return false;
        } catch (SQLException e) {
            if (!INVALID_CATALOG_NAME.equals(e.getSQLState())) {
                throw unavailable(url, e);
            }
        }
        Matcher parts = POSTGRES_URL.matcher(url);
        if (!parts.matches() || !PLAIN_NAME.matcher(parts.group(2)).matches()) {
            throw new DatabaseUnavailableException("Database in " + url + " does not exist, and its name is not one "
                    + "this service creates by itself: create it with createdb", null);
        }
        String database = parts.group(2);
        String maintenanceUrl = parts.group(1) + "postgres" + (parts.group(3) == null ? "" : parts.group(3));
        try (Connection connection = connect(maintenanceUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
            return true;
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("Database " + database + " does not exist and could not be "
                    + "created (" + e.getMessage() + "): run `createdb " + database + "`", e);
        }
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url, properties);
    }

    private static DatabaseUnavailableException unavailable(String url, SQLException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return new DatabaseUnavailableException("Cannot use PostgreSQL at " + url.replaceAll("\\?.*", "") + ": " + reason, e);
    }
}
