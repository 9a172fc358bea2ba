package io.escrowledger.projections.dispute;

import java.util.List;

/** One page of disputes, newest first, and whether another page follows. */
public record DisputePage(List<DisputeView> disputes, boolean hasMore) {
}
