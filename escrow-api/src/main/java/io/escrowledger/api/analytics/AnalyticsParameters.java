package io.escrowledger.api.analytics;

import io.escrowledger.api.web.Validator;
import io.escrowledger.projections.analytics.AnalyticsFilter;

import java.time.Instant;

/** The from, to and currency query parameters every analytics answer takes, checked together. */
record AnalyticsParameters(Instant from, Instant to, String currency) {

    static AnalyticsParameters read(String from, String to, String currency) {
        Validator check = new Validator();
        Instant start = check.time("from", from, false);
        Instant end = check.time("to", to, false);
        String onlyCurrency = currency == null ? null : check.currency("currency", currency);
        if (start != null && end != null && !start.isBefore(end)) {
            check.reject("to", "must be after from");
        }
        check.throwIfInvalid();
        return new AnalyticsParameters(start, end, onlyCurrency);
    }

    AnalyticsFilter forIntegrator(String integratorId) {
        return new AnalyticsFilter(integratorId, from, to, currency);
    }
}
