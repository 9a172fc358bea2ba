package io.escrowledger.api.testclock;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

import static io.escrowledger.projections.support.SqlTime.instant;
import static io.escrowledger.projections.support.SqlTime.toSql;

/**
 * The deadlines of escrows on test clocks (table {@code test_clock_deadlines}), written in the transaction of the
 * command that schedules them. Payloads are kept in Jackson's default form, as the db-scheduler deadlines are
 * (DeadlineConfiguration).
 */
@Component
public record TestClockDeadlines(JdbcClient jdbc) {

    private static final Serializer PAYLOADS = Jackson3Serializer.builder().build();

    /** A deadline that has fallen due on its clock. */
    record Due(long deadlineId, String name, String aggregateType, String aggregateId, Object payload,
               Instant dueAt) {
    }

    void add(String scheduleId, String clockId, String name, String aggregateType, String aggregateId,
             Object payload, Instant dueAt) {
        SerializedObject<String> form = PAYLOADS.serialize(payload, String.class);
        jdbc.sql("""
                 INSERT INTO test_clock_deadlines (schedule_id, clock_id, deadline_name, aggregate_type, aggregate_id,
                                                   payload_type, payload_revision, payload, due_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
            .params(scheduleId, clockId, name, aggregateType, aggregateId, form.getType().getName(),
                    form.getType().getRevision(), form.getData(), toSql(dueAt))
            .update();
    }

    /** The clock's earliest deadline due by {@code upTo}, in the order they were scheduled among equal times. */
    Optional<Due> next(String clockId, Instant upTo) {
        return jdbc.sql("""
                        SELECT * FROM test_clock_deadlines WHERE clock_id = ? AND due_at <= ?
                        ORDER BY due_at, deadline_id LIMIT 1""")
                   .params(clockId, toSql(upTo))
                   .query((row, n) -> new Due(row.getLong("deadline_id"), row.getString("deadline_name"),
                           row.getString("aggregate_type"), row.getString("aggregate_id"),
                           PAYLOADS.deserialize(new SimpleSerializedObject<>(row.getString("payload"), String.class,
                                   row.getString("payload_type"), row.getString("payload_revision"))),
                           instant(row, "due_at")))
                   .optional();
    }

    void remove(long deadlineId) {
        jdbc.sql("DELETE FROM test_clock_deadlines WHERE deadline_id = ?").param(deadlineId).update();
    }

    /** Cancels by name, and by schedule id and aggregate when given (null: any). */
    void cancel(String name, String scheduleId, String aggregateId) {
        jdbc.sql("""
                 DELETE FROM test_clock_deadlines WHERE deadline_name = ?
                 AND (?::text IS NULL OR schedule_id = ?) AND (?::text IS NULL OR aggregate_id = ?)""")
            .params(name, scheduleId, scheduleId, aggregateId, aggregateId)
            .update();
    }
}
