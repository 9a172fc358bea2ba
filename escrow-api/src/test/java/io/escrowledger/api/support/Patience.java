package io.escrowledger.api.support;

import java.time.Duration;

/**
 * How long tests wait for what the service does in the background. Tests wait for a condition, never for a time: the
 * limit only stops a test that would otherwise hang, so it is far above what the work takes on an idle machine, and
 * holds on a loaded 2-core CI machine with another build running beside it.
 */
public final class Patience {

    /**
     * For background work that takes well under a second when the machine is idle (processors catching up, webhooks
     * delivered, snapshots written, a cluster settling) and for rebuilds of read models over the whole test database.
     */
    public static final Duration BACKGROUND = Duration.ofSeconds(120);

    private Patience() {
    }
}
