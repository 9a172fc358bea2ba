package io.escrowledger.api.web;

import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which code a failure is answered with, and so which outcome a command is counted under. */
class ApiErrorOfFailureTest {

    @Test
    void refusalsKeepTheirCodes() {
        assertThat(ApiError.of(new DomainException(ErrorCode.INVALID_STATE_TRANSITION, "no")))
                .isEqualTo(ApiError.INVALID_STATE_TRANSITION);
        assertThat(ApiError.of(new ApiException(ApiError.NOT_FOUND, "no"))).isEqualTo(ApiError.NOT_FOUND);
        assertThat(ApiError.of(new IllegalStateException(new ConcurrencyException("lost"))))
                .isEqualTo(ApiError.CONCURRENT_MODIFICATION);
    }

    /** What Hikari, Spring and the PostgreSQL driver throw while the database is out of reach. */
    @Test
    void anUnreachableDatabaseIsServiceUnavailable() {
        SQLTransientConnectionException poolTimeout = new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 1000ms");
        assertThat(ApiError.of(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", poolTimeout)))
                .isEqualTo(ApiError.SERVICE_UNAVAILABLE);
        assertThat(ApiError.of(new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                poolTimeout))).isEqualTo(ApiError.SERVICE_UNAVAILABLE);
        // Axon's own JDBC code wraps the driver's exception without translating it.
        assertThat(ApiError.of(new RuntimeException(new SQLException("An I/O error occurred", "08006"))))
                .isEqualTo(ApiError.SERVICE_UNAVAILABLE);
    }

    @Test
    void otherDatabaseFailuresAreInternalErrors() {
        assertThat(ApiError.of(new DataIntegrityViolationException("check violated",
                new SQLException("new row violates check constraint", "23514")))).isEqualTo(ApiError.INTERNAL_ERROR);
        assertThat(ApiError.of(new IllegalStateException("bug"))).isEqualTo(ApiError.INTERNAL_ERROR);
    }
}
