package io.escrowledger.api.config;

import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.projections.audit.ChainCheckedEventStorage;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guards against Spring Boot 4 and Axon 4.13 silently wiring Axon without a real transaction manager (see
 * AxonAfterDataSourceAutoConfiguration): events, read model and tokens must share PostgreSQL transactions.
 */
class AxonWiringIntegrationTest extends IntegrationTest {

    @Autowired
    private TransactionManager axonTransactionManager;
    @Autowired
    private EventStorageEngine storageEngine;
    @Autowired
    private TokenStore tokenStore;

    @Test
    void axonRunsInSpringTransactionsOnTheJdbcStores() {
        assertThat(axonTransactionManager).isInstanceOf(SpringTransactionManager.class);
        // Axon's JDBC storage, behind the check of each history it reads against the hash chain.
        assertThat(storageEngine).isInstanceOf(ChainCheckedEventStorage.class);
        assertThat(tokenStore).isInstanceOf(JdbcTokenStore.class);
    }
}
