package io.escrowledger.api.config;

import io.escrowledger.projections.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.sql.DriverManager;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseBootstrapTest {

    private final TestDatabase server = TestDatabase.shared();

    @Test
    void createsTheDatabaseOnFirstStartAndLeavesItAloneAfterwards() throws Exception {
        String name = "escrow_bootstrap_" + UUID.randomUUID().toString().replace("-", "");
        String url = server.url().replaceAll("/[^/]+$", "/" + name);
        try {
            assertThat(DatabaseBootstrap.ensureDatabaseExists(url, server.user(), server.password())).isTrue();
            assertThat(DatabaseBootstrap.ensureDatabaseExists(url, server.user(), server.password())).isFalse();
        } finally {
            try (var admin = DriverManager.getConnection(server.url(), server.user(), server.password())) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    @Test
    void unreachableServerFailsAtOnceWithOneClearLine() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/escrow";

        assertThatThrownBy(() -> DatabaseBootstrap.ensureDatabaseExists(url, "postgres", ""))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageStartingWith("Cannot use PostgreSQL at " + url + ": ")
                .hasMessageContaining("refused")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
