package io.escrowledger.api.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Resource ids: a type prefix ({@code esc_}, {@code dsp_}, {@code evd_}) and a time-ordered UUID (version 7: 48 bits
 * of Unix milliseconds, then random bits). Time order keeps inserts at the right edge of the indexes (about a tenth
 * of the WAL random UUIDs cost) and lets listings page newest-first by id alone.
 */
public enum Ids {
    ESCROW("esc_"),
    DISPUTE("dsp_"),
    EVIDENCE("evd_");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UUID_FORMAT = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final String prefix;
    private final Pattern format;

    Ids(String prefix) {
        this.prefix = prefix;
        this.format = Pattern.compile(Pattern.quote(prefix) + UUID_FORMAT);
    }

    public String next(Clock clock) {
        long millis = clock.millis();
        long mostSignificant = (millis << 16) | 0x7000L | (RANDOM.nextLong() & 0x0FFFL);
        long leastSignificant = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return prefix + new UUID(mostSignificant, leastSignificant);
    }

    public boolean isWellFormed(String id) {
        return id != null && format.matcher(id).matches();
    }
}
