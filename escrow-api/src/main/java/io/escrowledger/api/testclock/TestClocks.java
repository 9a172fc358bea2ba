package io.escrowledger.api.testclock;

import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.ApiException;
import io.escrowledger.api.web.Ids;
import io.escrowledger.api.web.Instants;
import io.escrowledger.api.web.RequestContext;
import io.escrowledger.api.web.Validator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import static io.escrowledger.projections.support.SqlTime.instant;
import static io.escrowledger.projections.support.SqlTime.toSql;

/**
 * The test clocks (table {@code test_clocks}), always within one integrator's, and the time a request acts at: the
 * service's clock, or for an escrow on a test clock, that clock's time. {@code escrow.test-clocks.enabled=false}
 * switches the feature off (docs/configuration.md): the endpoints answer {@code test_clocks_disabled} and no escrow
 * can be put on a clock; escrows already on one keep their clock's time.
 */
@Component
public class TestClocks {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final boolean enabled;

    public TestClocks(JdbcClient jdbc, Clock clock, @Value("${escrow.test-clocks.enabled:true}") boolean enabled) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.enabled = enabled;
    }

    void requireEnabled() {
        if (!enabled) {
            throw new ApiException(ApiError.TEST_CLOCKS_DISABLED,
                    "Test clocks are switched off on this deployment (escrow.test-clocks.enabled)");
        }
    }

    TestClock create(String integratorId, String name, Instant frozenTime) {
        requireEnabled();
        String clockId = Ids.TEST_CLOCK.next(clock);
        jdbc.sql("""
                 INSERT INTO test_clocks (clock_id, integrator_id, name, frozen_time, created_at)
                 VALUES (?, ?, ?, ?, ?)""")
            .params(clockId, integratorId, name, toSql(frozenTime), toSql(Instants.now(clock)))
            .update();
        return get(integratorId, clockId, false);
    }

    /** The integrator's clock; with {@code lock}, held until the transaction ends, so that advances run one by one. */
    TestClock get(String integratorId, String clockId, boolean lock) {
        requireEnabled();
        if (!Ids.TEST_CLOCK.isWellFormed(clockId)) {
            throw notFound(clockId);
        }
        return jdbc.sql("SELECT * FROM test_clocks WHERE clock_id = ? AND integrator_id = ?"
                        + (lock ? " FOR UPDATE" : ""))
                   .params(clockId, integratorId)
                   .query(TestClocks::row)
                   .optional()
                   .orElseThrow(() -> notFound(clockId));
    }

    void moveTo(String clockId, Instant time) {
        jdbc.sql("UPDATE test_clocks SET frozen_time = ? WHERE clock_id = ?").params(toSql(time), clockId).update();
    }

    /** The time a command on the escrow acts at: its test clock's, or the service's for an escrow on real time. */
    public Instant now(RequestContext context, String escrowId) {
        return actingAt(jdbc.sql("""
                        SELECT c.frozen_time FROM escrows e JOIN test_clocks c ON c.clock_id = e.test_clock_id
                        WHERE e.escrow_id = ? AND e.integrator_id = ?""")
                   .params(escrowId, context.integratorId())
                   .query((row, n) -> instant(row, "frozen_time"))
                   .optional()
                   .orElse(null));
    }

    /** The time a command acts at, given its escrow's test clock time (null for an escrow on real time). */
    public Instant actingAt(Instant testClockTime) {
        return testClockTime != null ? testClockTime : Instants.now(clock);
    }

    /**
     * The time a new escrow is created at: the service's, or with {@code testClockId}, that clock's. A clock that is
     * not the integrator's, or any clock while the feature is off, is refused as a bad {@code test_clock}.
     */
    public Instant creationTime(RequestContext context, String testClockId) {
        if (testClockId == null) {
            return Instants.now(clock);
        }
        Validator check = new Validator();
        // An id that cannot be a clock's never reaches the database (a NUL in it would fail there).
        Optional<Instant> time = enabled && Ids.TEST_CLOCK.isWellFormed(testClockId)
                ? jdbc.sql("SELECT frozen_time FROM test_clocks WHERE clock_id = ? AND integrator_id = ?")
                      .params(testClockId, context.integratorId())
                      .query((row, n) -> instant(row, "frozen_time"))
                      .optional()
                : Optional.empty();
        if (time.isEmpty()) {
            check.reject("test_clock", enabled ? "is not one of your test clocks"
                    : "test clocks are switched off on this deployment");
        }
        check.throwIfInvalid();
        return time.orElseThrow();
    }

    private static ApiException notFound(String clockId) {
        return new ApiException(ApiError.TEST_CLOCK_NOT_FOUND, "No test clock " + clockId);
    }

    private static TestClock row(ResultSet row, int rowNumber) throws SQLException {
        return new TestClock(row.getString("clock_id"), row.getString("integrator_id"), row.getString("name"),
                instant(row, "frozen_time"), instant(row, "created_at"));
    }
}
