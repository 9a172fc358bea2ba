package io.escrowledger.api.audit;

import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators rebuild the read models from the event store and watch the progress (docs/audit.md). */
@RestController
public class RebuildController {

    private final ReadModelRebuild rebuild;

    public RebuildController(ReadModelRebuild rebuild) {
        this.rebuild = rebuild;
    }

    /** {@code name}: escrows (with disputes), vaults, ledger, or all. */
    @PostMapping("/admin/v1/projections/{name}/rebuild")
    ResponseEntity<ReadModelRebuild.Progress> start(@PathVariable String name) {
        ReadModelRebuild.ReadModel readModel;
        try {
            readModel = ReadModelRebuild.ReadModel.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new ApiException(ApiError.NOT_FOUND, "No read model " + name + ": escrows, vaults, ledger or all");
        }
        if (!rebuild.start(readModel)) {
            throw new ApiException(ApiError.REQUEST_IN_PROGRESS, "A rebuild is already running");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rebuild.progress());
    }

    @GetMapping("/admin/v1/projections/rebuilds/latest")
    ReadModelRebuild.Progress progress() {
        ReadModelRebuild.Progress progress = rebuild.progress();
        if (progress == null) {
            throw new ApiException(ApiError.NOT_FOUND, "No rebuild has run since the service started");
        }
        return progress;
    }
}
