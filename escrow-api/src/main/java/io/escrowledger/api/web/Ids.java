package io.escrowledger.api.web;

import io.escrowledger.projections.support.TimeOrderedIds;

import java.time.Clock;
import java.util.regex.Pattern;

/**
 * Resource ids: a type prefix ({@code esc_}, {@code dsp_}, {@code evd_}, {@code whe_}, {@code msg_}, {@code clk_})
 * and a time-ordered UUID, so listings page newest-first by id alone. Vault ids are bare UUIDs, as in the vault API
 * the product was specified from.
 */
public enum Ids {
    ESCROW("esc_"),
    DISPUTE("dsp_"),
    EVIDENCE("evd_"),
    WEBHOOK_ENDPOINT("whe_"),
    WEBHOOK_MESSAGE("msg_"),
    TEST_CLOCK("clk_"),
    VAULT("");

    private static final String UUID_FORMAT = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final String prefix;
    private final Pattern format;

    Ids(String prefix) {
        this.prefix = prefix;
        this.format = Pattern.compile(Pattern.quote(prefix) + UUID_FORMAT);
    }

    public String next(Clock clock) {
        return prefix + TimeOrderedIds.next(clock);
    }

    public boolean isWellFormed(String id) {
        return id != null && format.matcher(id).matches();
    }
}
