-- The analysts' schema (docs/analytics.md): read models of their own, fed by the `analytics` event processor from the
-- events alone, and the read-only role that may read them and nothing else.
CREATE SCHEMA analytics;

-- One row per escrow: its terms, where its money went, and when it reached each phase.
CREATE TABLE analytics.escrows (
    escrow_id           TEXT PRIMARY KEY,
    integrator_id       TEXT        NOT NULL,
    external_id         TEXT,                        -- null for escrows created through /subcent
    currency            TEXT        NOT NULL,
    total_amount        BIGINT      NOT NULL,        -- minor units, as every amount here
    milestone_count     INTEGER     NOT NULL,
    condition_type      TEXT,                        -- time_release, oracle_confirmation, multi_sig_approval,
                                                     -- delivery_confirmation; null without a release condition
    funding_source      TEXT,                        -- declared (held by the integrator) or vault; null until funded
    vault_id            TEXT,
    state               TEXT        NOT NULL,        -- as the API's state (docs/state-machine.md)
    held_amount         BIGINT      NOT NULL DEFAULT 0,
    released_amount     BIGINT      NOT NULL DEFAULT 0,
    refunded_amount     BIGINT      NOT NULL DEFAULT 0,
    dispute_count       INTEGER     NOT NULL DEFAULT 0,
    created_at          TIMESTAMPTZ NOT NULL,
    expires_at          TIMESTAMPTZ,
    funded_at           TIMESTAMPTZ,
    first_delivered_at  TIMESTAMPTZ,
    condition_met_at    TIMESTAMPTZ,
    first_disputed_at   TIMESTAMPTZ,
    expired_at          TIMESTAMPTZ,
    closed_at           TIMESTAMPTZ,                 -- when nothing was held any more (or it expired unfunded)
    last_event_sequence BIGINT      NOT NULL         -- the last event applied: a redelivered event is skipped
);
CREATE INDEX analytics_escrows_by_integrator ON analytics.escrows (integrator_id, created_at);
CREATE INDEX analytics_escrows_by_created ON analytics.escrows (created_at);

-- One row per milestone: what was agreed, when it was delivered, whether late, and how it ended.
CREATE TABLE analytics.milestones (
    escrow_id     TEXT        NOT NULL REFERENCES analytics.escrows ON DELETE CASCADE,
    milestone_id  TEXT        NOT NULL,
    position      INTEGER     NOT NULL,              -- 0 for the first milestone of the escrow
    integrator_id TEXT        NOT NULL,
    currency      TEXT        NOT NULL,
    amount        BIGINT      NOT NULL,
    deadline      TIMESTAMPTZ,
    delivered_at  TIMESTAMPTZ,                       -- the first deliverable
    overdue_at    TIMESTAMPTZ,                       -- the deadline, when it passed with nothing delivered
    late          BOOLEAN     NOT NULL DEFAULT FALSE, -- delivered after its deadline, or overdue
    outcome       TEXT        NOT NULL DEFAULT 'pending', -- pending, released, refunded, or disputed (paid out by
                                                          -- a dispute decision: see analytics.disputes)
    settled_at    TIMESTAMPTZ,                       -- when the outcome was reached
    PRIMARY KEY (escrow_id, milestone_id)
);

-- One row per dispute: why, who, the evidence of each side, the engine's advice, the decision, and how long it took.
CREATE TABLE analytics.disputes (
    dispute_id                TEXT PRIMARY KEY,
    escrow_id                 TEXT        NOT NULL REFERENCES analytics.escrows ON DELETE CASCADE,
    integrator_id             TEXT        NOT NULL,
    currency                  TEXT        NOT NULL,
    held_amount               BIGINT      NOT NULL,  -- what was at stake when it was opened
    reason_code               TEXT        NOT NULL,
    opened_by_role            TEXT        NOT NULL,  -- client or contractor
    opened_at                 TIMESTAMPTZ NOT NULL,
    client_evidence_count     INTEGER     NOT NULL DEFAULT 0,
    contractor_evidence_count INTEGER     NOT NULL DEFAULT 0,
    locked_at                 TIMESTAMPTZ,
    recommendation            TEXT,                  -- RELEASE, REFUND or SPLIT; null until issued
    recommendation_confidence NUMERIC(3, 2),
    recommended_client_ratio  NUMERIC(5, 4),         -- the client's share the engine suggested
    recommended_at            TIMESTAMPTZ,
    decision                  TEXT,                  -- RELEASE, REFUND or SPLIT; null while open
    final_client_ratio        NUMERIC(5, 4),
    client_payout             BIGINT,
    contractor_payout         BIGINT,
    resolved_at               TIMESTAMPTZ,
    -- true when the decision's outcome is the recommendation's; null without both (a refund conceding an open
    -- dispute is decided before any recommendation)
    followed_recommendation   BOOLEAN,
    seconds_to_resolve        DOUBLE PRECISION       -- resolved_at - opened_at
);
CREATE INDEX analytics_disputes_by_escrow ON analytics.disputes (escrow_id);
CREATE INDEX analytics_disputes_by_integrator ON analytics.disputes (integrator_id, opened_at);

-- Per day (UTC), integrator and currency: escrows created and funded, money released and refunded (milestone by
-- milestone and by dispute decisions), disputes opened and resolved. A view, so it always agrees with the tables.
CREATE VIEW analytics.daily_volumes AS
WITH created AS (
    SELECT (created_at AT TIME ZONE 'UTC')::date AS day, integrator_id, currency,
           count(*) AS escrows_created, sum(total_amount) AS amount_created
    FROM analytics.escrows GROUP BY 1, 2, 3
), funded AS (
    SELECT (funded_at AT TIME ZONE 'UTC')::date AS day, integrator_id, currency,
           count(*) AS escrows_funded, sum(total_amount) AS amount_funded
    FROM analytics.escrows WHERE funded_at IS NOT NULL GROUP BY 1, 2, 3
), moved AS (
    SELECT (settled_at AT TIME ZONE 'UTC')::date AS day, integrator_id, currency,
           sum(amount) FILTER (WHERE outcome = 'released') AS released, sum(amount) FILTER (WHERE outcome = 'refunded') AS refunded
    FROM analytics.milestones WHERE outcome IN ('released', 'refunded') GROUP BY 1, 2, 3
    UNION ALL
    SELECT (resolved_at AT TIME ZONE 'UTC')::date, integrator_id, currency, sum(contractor_payout), sum(client_payout)
    FROM analytics.disputes WHERE resolved_at IS NOT NULL GROUP BY 1, 2, 3
), paid AS (
    SELECT day, integrator_id, currency, sum(released) AS amount_released, sum(refunded) AS amount_refunded
    FROM moved GROUP BY 1, 2, 3
), opened AS (
    SELECT (opened_at AT TIME ZONE 'UTC')::date AS day, integrator_id, currency, count(*) AS disputes_opened
    FROM analytics.disputes GROUP BY 1, 2, 3
), resolved AS (
    SELECT (resolved_at AT TIME ZONE 'UTC')::date AS day, integrator_id, currency, count(*) AS disputes_resolved
    FROM analytics.disputes WHERE resolved_at IS NOT NULL GROUP BY 1, 2, 3
)
SELECT day, integrator_id, currency,
       COALESCE(escrows_created, 0)   AS escrows_created,
       COALESCE(amount_created, 0)    AS amount_created,
       COALESCE(escrows_funded, 0)    AS escrows_funded,
       COALESCE(amount_funded, 0)     AS amount_funded,
       COALESCE(amount_released, 0)   AS amount_released,
       COALESCE(amount_refunded, 0)   AS amount_refunded,
       COALESCE(disputes_opened, 0)   AS disputes_opened,
       COALESCE(disputes_resolved, 0) AS disputes_resolved
FROM created
FULL JOIN funded USING (day, integrator_id, currency)
FULL JOIN paid USING (day, integrator_id, currency)
FULL JOIN opened USING (day, integrator_id, currency)
FULL JOIN resolved USING (day, integrator_id, currency);

-- The analysts' role: it reads the analytics schema and nothing else (no event store, no secrets, no live tables).
-- Roles belong to the whole PostgreSQL cluster, so another database of the cluster may have created it already.
-- Give people their own login in it: CREATE ROLE alice LOGIN PASSWORD '…' IN ROLE escrow_analyst;
-- A database user without CREATEROLE gets a warning instead, and an administrator creates the role and grants
-- (docs/analytics.md).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'escrow_analyst') THEN
        BEGIN
            CREATE ROLE escrow_analyst NOLOGIN;
        EXCEPTION
            WHEN duplicate_object THEN NULL;
            WHEN insufficient_privilege THEN
                RAISE WARNING 'escrow_analyst not created: % has no CREATEROLE (see docs/analytics.md)', current_user;
                RETURN;
        END;
    END IF;
    GRANT USAGE ON SCHEMA analytics TO escrow_analyst;
    GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO escrow_analyst;
    ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT SELECT ON TABLES TO escrow_analyst;
END
$$;
