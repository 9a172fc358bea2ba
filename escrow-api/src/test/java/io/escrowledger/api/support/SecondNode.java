package io.escrowledger.api.support;

import io.escrowledger.api.EscrowApplication;
import io.escrowledger.projections.testsupport.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A second service instance in this JVM, on its own port and its own Axon (own command bus, own aggregate locks), on
 * the same database: enough to make two nodes race for one aggregate. The multi-process harness of the reliability
 * suite goes further; this keeps the ledger's concurrency test quick.
 */
public final class SecondNode implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    public SecondNode() {
        TestDatabase database = TestDatabase.shared();
        // Command-line arguments, so they win over application.yml as they would for an operator.
        context = new SpringApplicationBuilder(EscrowApplication.class)
                .run("--server.port=0",
                        "--spring.datasource.url=" + database.url(),
                        "--spring.datasource.username=" + database.user(),
                        "--spring.datasource.password=" + database.password(),
                        "--escrow.security.admin-token=" + IntegrationTest.ADMIN_TOKEN,
                        "--escrow.security.secrets-encryption-key=" + IntegrationTest.ENCRYPTION_KEY,
                        "--escrow.webhooks.allow-http=true",
                        "--escrow.webhooks.allow-private-targets=true",
                        "--escrow.deadlines.poll-interval=1h");
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    @Override
    public void close() {
        context.close();
    }
}
