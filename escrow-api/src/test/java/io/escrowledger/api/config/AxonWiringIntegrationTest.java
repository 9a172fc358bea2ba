package io.escrowledger.api.config;

import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.projections.audit.ChainCheckedEventStorage;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.SubscribingEventProcessor;
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
    @Autowired
    private EventProcessingConfiguration eventProcessing;

    @Test
    void axonRunsInSpringTransactionsOnTheJdbcStores() {
        assertThat(axonTransactionManager).isInstanceOf(SpringTransactionManager.class);
        // Axon's JDBC storage, behind the check of each history it reads against the hash chain.
        assertThat(storageEngine).isInstanceOf(ChainCheckedEventStorage.class);
        assertThat(tokenStore).isInstanceOf(JdbcTokenStore.class);
    }

    /** Each projection declares its processor's mode (@SubscribingProcessor): every one runs in the command's transaction. */
    @Test
    void everyProcessorIsTheSubscribingOneItsProjectionDeclares() {
        assertThat(eventProcessing.eventProcessors()).containsOnlyKeys("escrow-read-model", "dispute-read-model",
                "vault-read-model", "payout-read-model", "ledger", "analytics", "webhook-dispatch");
        assertThat(eventProcessing.eventProcessors().values()).allMatch(SubscribingEventProcessor.class::isInstance);
    }
}
