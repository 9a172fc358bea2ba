package io.escrowledger.api.audit;

import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators rebuild the read models from the event store and watch the progress (docs/audit.md). */
@RestController
public class RebuildController {

    private final ReadModelRebuild rebuild;

    public RebuildController(ReadModelRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @PostMapping("/admin/v1/projections/rebuild")
    ResponseEntity<ReadModelRebuild.Progress> start() {
        if (!rebuild.start()) {
            throw new ApiException(ApiError.REQUEST_IN_PROGRESS, "A rebuild is already running");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rebuild.progress());
    }

    @GetMapping("/admin/v1/projections/rebuild")
    ReadModelRebuild.Progress progress() {
        ReadModelRebuild.Progress progress = rebuild.progress();
        if (progress == null) {
            throw new ApiException(ApiError.NOT_FOUND, "No rebuild has run since the service started");
        }
        return progress;
    }
}
