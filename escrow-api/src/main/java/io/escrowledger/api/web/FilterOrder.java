package io.escrowledger.api.web;

import org.springframework.core.Ordered;

/**
 * The order of the servlet filters, in one place: the request flow of docs/architecture.md, step by step. The
 * authentication filters share one place: each guards its own paths (signed /v1 and /subcent, /admin, the dashboard,
 * /actuator/prometheus), so at most one of them acts on a request.
 */
public final class FilterOrder {

    /** The request's id, before anything can log or answer. */
    public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE;
    /** Marks an integrator's request, so that every statement it causes is counted as the request's (RoundTripCounting). */
    public static final int ROUND_TRIP_COUNTING = Ordered.HIGHEST_PRECEDENCE;
    /** Logs the request once answered, whoever answered it. */
    public static final int REQUEST_LOG = REQUEST_ID + 1;
    /** Only canonical paths go further, so the path checked next is the path Spring routes. */
    public static final int PATH_GUARD = REQUEST_ID + 2;
    /** 503 when a later filter cannot reach the database. */
    public static final int DATABASE_UNAVAILABLE = REQUEST_ID + 3;
    /** The signature, or the admin, dashboard or metrics token. */
    public static final int AUTHENTICATION = REQUEST_ID + 10;
    /** The request's one database transaction, and its nonce spent in it. */
    public static final int TRANSACTION = REQUEST_ID + 11;
    /** JSON in UTF-8 only, before anything reads the body. */
    public static final int CONTENT_TYPE = REQUEST_ID + 15;
    /** The Idempotency-Key claimed in the transaction, or the first answer replayed. */
    public static final int IDEMPOTENCY = REQUEST_ID + 20;
    /** Where the request's own work begins, for a refusal to go back to. */
    public static final int SAVEPOINT = REQUEST_ID + 25;

    private FilterOrder() {
    }
}
