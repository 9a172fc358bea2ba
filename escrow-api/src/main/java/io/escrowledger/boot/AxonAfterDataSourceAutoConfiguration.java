package io.escrowledger.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * Puts Axon's JDBC and transaction auto-configuration after Spring Boot 4's DataSource and transaction manager.
 * Without this ordering, Axon 4.13 evaluates its conditions before Boot 4 (whose DataSource auto-configuration moved
 * package) has defined a transaction manager, and silently runs on NoTransactionManager, with events, read models and
 * tokens each committed on their own. Empty on purpose; kept out of component scanning, listed in
 * META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports.
 */
@AutoConfiguration(
        afterName = {
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"},
        beforeName = {
                "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
                "org.axonframework.springboot.autoconfig.TransactionAutoConfiguration"})
public class AxonAfterDataSourceAutoConfiguration {
}
