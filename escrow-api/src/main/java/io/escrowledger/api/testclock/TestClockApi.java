package io.escrowledger.api.testclock;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The test clock endpoints' bodies. Everything is nullable in requests: missing fields are reported together. */
final class TestClockApi {

    private TestClockApi() {
    }

    @Schema(name = "CreateTestClockRequest", description = "A new test clock, standing at `frozen_time`.")
    record Create(
            @Schema(requiredMode = REQUIRED, format = "date-time", example = "2025-01-15T10:00:00Z",
                    description = "RFC 3339 date-time with an offset, years 1900 to 9999: the clock's time. Kept to "
                                  + "the millisecond.")
            String frozenTime,
            @Schema(example = "expiry flow", description = "Optional: your note, 1 to 128 characters.")
            String name) {
    }

    @Schema(name = "AdvanceTestClockRequest", description = "Where to move the clock.")
    record Advance(
            @Schema(requiredMode = REQUIRED, format = "date-time", example = "2025-01-23T10:00:00Z",
                    description = "RFC 3339 date-time with an offset, not before the clock's `frozen_time`.")
            String frozenTime) {
    }

    @Schema(name = "TestClock", description = "A test clock of yours.")
    record Response(
            @Schema(description = "`clk_` followed by a UUID v7.", example = "clk_01a1fd71-8fb0-77f8-9808-a85ef68be7fc")
            String id,
            @Schema(nullable = true, example = "expiry flow") String name,
            @Schema(example = "2025-01-15T10:00:00Z", description = "The clock's time: its escrows' \"now\".")
            Instant frozenTime,
            @Schema(example = "ready", allowableValues = "ready",
                    description = "Always `ready`: an advance completes within its request.")
            String status,
            @Schema(example = "2026-12-07T02:00:00Z", description = "When the clock was created, in real time.")
            Instant createdAt,
            @Schema(nullable = true, example = "4",
                    description = "In the answer to an advance: how many deadlines fired on the way; null elsewhere.")
            Integer deadlinesFired) {

        static Response of(TestClock clock, Integer deadlinesFired) {
            return new Response(clock.id(), clock.name(), clock.frozenTime(), "ready", clock.createdAt(),
                    deadlinesFired);
        }
    }
}
