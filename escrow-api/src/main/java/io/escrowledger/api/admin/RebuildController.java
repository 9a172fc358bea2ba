package io.escrowledger.api.admin;

import io.escrowledger.projections.analytics.AnalyticsReplay;
import io.escrowledger.projections.replay.ReadModelRebuild;
import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators rebuild the read models from the event store and watch the progress (docs/audit.md). */
@Tag(name = "Admin",
        description = "Operators: integrators and their API keys, read model rebuilds, ledger and chain checks.")
@RestController
public record RebuildController(ReadModelRebuild rebuild, AnalyticsReplay analytics) {

    @Operation(operationId = "rebuildAnalytics", summary = "Rebuild the analytics schema",
            description = "Empties the analytics tables and replays every event into them in the background; "
                          + "analytics answers are partial until it has caught up (docs/analytics.md).")
    @ApiResponse(responseCode = "202", description = "The rebuild, started")
    @PostMapping("/admin/v1/analytics/rebuild")
    ResponseEntity<Void> rebuildAnalytics() {
        analytics.start(); // false when one runs already: that one is the rebuild asked for
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    /** {@code name}: escrows (with disputes), vaults, ledger, or all. */
    @Operation(operationId = "rebuildProjection", summary = "Rebuild read models",
            description = "Starts rebuilding a read model from the event store alone, in the background, while the "
                          + "service keeps serving; the live tables are replaced in one short transaction at the "
                          + "end, or left as they were if anything fails. One rebuild runs at a time (409 "
                          + "request_in_progress).")
    @ApiResponse(responseCode = "202", description = "The rebuild, started", useReturnTypeSchema = true)
    @PostMapping("/admin/v1/projections/{name}/rebuild")
    ResponseEntity<RebuildProgress> start(
            @Parameter(description = "The read model: escrows (with the disputes), vaults, ledger, or all",
                       example = "ledger",
                       schema = @Schema(type = "string", allowableValues = {"escrows", "vaults", "ledger", "all"}))
            @PathVariable String name) {
        ReadModelRebuild.ReadModel readModel;
        try {
            readModel = ReadModelRebuild.ReadModel.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new ApiException(ApiError.NOT_FOUND, "No read model " + name + ": escrows, vaults, ledger or all");
        }
        if (!rebuild.start(readModel)) {
            throw new ApiException(ApiError.REQUEST_IN_PROGRESS, "A rebuild is already running");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(RebuildProgress.of(rebuild.progress()));
    }

    @Operation(operationId = "getLatestRebuild", summary = "The latest rebuild's progress",
            description = "Where the latest rebuild on this node stands (running, done or failed). 404 not_found when "
                          + "none has run since the service started.")
    @GetMapping("/admin/v1/projections/rebuilds/latest")
    RebuildProgress progress() {
        ReadModelRebuild.Progress progress = rebuild.progress();
        if (progress == null) {
            throw new ApiException(ApiError.NOT_FOUND, "No rebuild has run since the service started");
        }
        return RebuildProgress.of(progress);
    }
}
