package io.escrowledger.api.testclock;

import io.escrowledger.api.web.RequestContext;
import io.escrowledger.api.web.Validator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Test clocks: simulated time for escrows created on them (docs/api.md, "Test clocks"). */
@RestController
@RequestMapping("/v1/test-clocks")
@Tag(name = "Test clocks", description = "Simulated time for testing an integration: escrows created on a test clock "
                                         + "live in its time, and their expiry, deadlines, time releases, inspection "
                                         + "periods and evidence deadlines fire when you advance it. Switched off on "
                                         + "deployments that set `escrow.test-clocks.enabled=false` "
                                         + "(`test_clocks_disabled`).")
public record TestClockController(TestClocks clocks, TestClockAdvance advance) {

    @Operation(operationId = "createTestClock", summary = "Create a test clock",
            description = "A clock of yours standing at `frozen_time`. Create escrows on it with `test_clock`.")
    @ApiResponse(responseCode = "201", description = "The clock was created", useReturnTypeSchema = true,
            headers = @Header(name = "Location", description = "The clock's URL, `/v1/test-clocks/{id}`",
                    schema = @Schema(type = "string")))
    @PostMapping
    ResponseEntity<TestClockApi.Response> create(@RequestBody TestClockApi.Create request, RequestContext context) {
        clocks.requireEnabled();
        Validator check = new Validator();
        Instant frozenTime = check.time("frozen_time", request.frozenTime(), true);
        String name = request.name() == null ? null : check.text("name", request.name(), 1, 128);
        check.throwIfInvalid();
        TestClock clock = clocks.create(context.integratorId(), name, frozenTime.truncatedTo(ChronoUnit.MILLIS));
        return ResponseEntity.created(URI.create("/v1/test-clocks/" + clock.id()))
                             .body(TestClockApi.Response.of(clock, null));
    }

    @Operation(operationId = "getTestClock", summary = "Get a test clock",
            description = "The clock with its current `frozen_time`. Another integrator's clock is answered as "
                          + "unknown (`test_clock_not_found`).")
    @GetMapping("/{clockId}")
    TestClockApi.Response get(@PathVariable String clockId, RequestContext context) {
        return TestClockApi.Response.of(clocks.get(context.integratorId(), clockId, false), null);
    }

    @Operation(operationId = "advanceTestClock", summary = "Advance a test clock",
            description = "Moves the clock forward to `frozen_time`. On the way every deadline of its escrows that "
                          + "falls due by then fires, in due order, as it would have in real time (expiry, time "
                          + "release, milestone deadline, inspection period, evidence deadline), with the clock "
                          + "standing at its due time; deadlines these cause fire too when due by then. All of it "
                          + "happens before the answer, which gives the clock and `deadlines_fired`. Backwards is "
                          + "refused (`test_clock_backwards`); advances of one clock run one after the other.")
    @PostMapping("/{clockId}/advance")
    TestClockApi.Response advance(@PathVariable String clockId, @RequestBody TestClockApi.Advance request,
                                  RequestContext context) {
        clocks.get(context.integratorId(), clockId, false);
        Validator check = new Validator();
        Instant target = check.time("frozen_time", request.frozenTime(), true);
        check.throwIfInvalid();
        TestClockAdvance.Advanced advanced = advance.advance(context.integratorId(), clockId,
                target.truncatedTo(ChronoUnit.MILLIS));
        return TestClockApi.Response.of(advanced.clock(), advanced.deadlinesFired());
    }
}
