package io.escrowledger.api.admin;

import io.escrowledger.projections.replay.ReadModelRebuild;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** Where a rebuild stands, as operators read it; rate is events per second so far. */
@Schema(name = "RebuildProgress", description = "Where a read model rebuild stands.")
record RebuildProgress(
        @Schema(description = "The read model being rebuilt") ReadModelRebuild.ReadModel readModel,
        @Schema(allowableValues = {"running", "done", "failed"},
                description = "failed leaves the live read models as they were (see error)")
        String state,
        @Schema(description = "Events replayed so far") long processed,
        @Schema(description = "Events in the store when the rebuild started (at the end, at least processed)")
        long total,
        @Schema(description = "Events per second so far") double rate,
        Instant startedAt,
        @Schema(nullable = true, description = "When the rebuild ended; null while it runs") Instant finishedAt,
        @Schema(nullable = true, description = "Why the rebuild failed; null unless state is failed") String error) {

    static RebuildProgress of(ReadModelRebuild.Progress progress) {
        return new RebuildProgress(progress.readModel(), progress.state(), progress.processed(), progress.total(),
                progress.rate(), progress.startedAt(), progress.finishedAt(), progress.error());
    }
}
