package io.escrowledger.api.vault;

import io.escrowledger.projections.support.TimeOrderedIds;

import java.time.Clock;
import java.util.regex.Pattern;

/** Vault ids are bare UUIDs, as in the vault API the product was specified from; ours are time-ordered. */
public final class VaultIds {

    private static final Pattern FORMAT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private VaultIds() {
    }

    public static String next(Clock clock) {
        return TimeOrderedIds.next(clock).toString();
    }

    public static boolean isWellFormed(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }
}
