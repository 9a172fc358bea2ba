-- Platform fees (issue 23, item 1) and partial releases and refunds (item 2): the escrow read model, the analytics
-- schema. Amounts are minor units; every column is filled by replaying the events (ReadModelRebuild), and rows
-- written before this migration are given what their events meant: no fee, each paid-out milestone paid out whole.

-- The fee terms as agreed (fixed amount, or basis points and rounding; all null for none), the whole fee worked out
-- at creation, and the fee taken from the contractor's payouts (released_fee), kept from refunds (refunded_fee) or
-- given up (fee_returned).
ALTER TABLE escrows
    ADD COLUMN platform_fee_fixed         BIGINT,
    ADD COLUMN platform_fee_basis_points  INTEGER,
    ADD COLUMN platform_fee_rounding      TEXT,
    ADD COLUMN fee_amount                 BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN released_fee               BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN refunded_fee               BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN fee_returned               BIGINT NOT NULL DEFAULT 0;

-- Each milestone's own fee terms, its fee, and the gross released and refunded out of it so far, with the fee taken
-- from each (a dispute decision pays out what is left of all held milestones together: see escrows).
ALTER TABLE escrow_milestones
    ADD COLUMN platform_fee_fixed         BIGINT,
    ADD COLUMN platform_fee_basis_points  INTEGER,
    ADD COLUMN platform_fee_rounding      TEXT,
    ADD COLUMN fee_amount                 BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN released_amount            BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN refunded_amount            BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN released_fee               BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN refunded_fee               BIGINT NOT NULL DEFAULT 0;
UPDATE escrow_milestones SET released_amount = amount WHERE state = 'RELEASED';
UPDATE escrow_milestones SET refunded_amount = amount WHERE state = 'REFUNDED';

-- Analytics: the fee agreed and collected per escrow and milestone, and one row per payout (release, refund or
-- decision) with its gross, fee and fee returned, from which the daily fee revenue is read.
ALTER TABLE analytics.escrows
    ADD COLUMN fee_amount    BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN fee_collected BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN fee_returned  BIGINT NOT NULL DEFAULT 0;
ALTER TABLE analytics.milestones
    ADD COLUMN fee_amount      BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN released_amount BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN refunded_amount BIGINT NOT NULL DEFAULT 0;
UPDATE analytics.milestones SET released_amount = amount WHERE outcome = 'released';
UPDATE analytics.milestones SET refunded_amount = amount WHERE outcome = 'refunded';
ALTER TABLE analytics.disputes
    ADD COLUMN contractor_fee BIGINT,
    ADD COLUMN fee_returned   BIGINT;

CREATE TABLE analytics.payouts (
    escrow_id      TEXT        NOT NULL REFERENCES analytics.escrows ON DELETE CASCADE,
    event_sequence BIGINT      NOT NULL,              -- the event's sequence in the escrow's history
    integrator_id  TEXT        NOT NULL,
    currency       TEXT        NOT NULL,
    kind           TEXT        NOT NULL CHECK (kind IN ('release', 'refund', 'decision')),
    milestone_id   TEXT,                              -- null for a decision (it pays out every held milestone)
    gross          BIGINT      NOT NULL,              -- what left the escrow
    fee            BIGINT      NOT NULL,              -- what the platform took of it
    fee_returned   BIGINT      NOT NULL,              -- the fee share the platform gave up
    remaining      BIGINT,                            -- what the milestone still holds after it; null for a decision
    occurred_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (escrow_id, event_sequence)
);
CREATE INDEX analytics_payouts_by_day ON analytics.payouts (occurred_at);
-- Payouts made before this migration, from the milestones they settled (no fee then; decisions are in
-- analytics.disputes); their event_sequence is negative, and a replay (AnalyticsReplay) writes the real one.
INSERT INTO analytics.payouts (escrow_id, event_sequence, integrator_id, currency, kind, milestone_id, gross, fee,
                               fee_returned, remaining, occurred_at)
SELECT escrow_id, -1 - position, integrator_id, currency, CASE outcome WHEN 'released' THEN 'release' ELSE 'refund' END,
       milestone_id, amount, 0, 0, 0, settled_at
FROM analytics.milestones WHERE outcome IN ('released', 'refunded') AND settled_at IS NOT NULL;

-- Per day (UTC), integrator and currency: the platform's fee revenue, the fees it gave up, and the payouts behind them.
CREATE VIEW analytics.daily_fees AS
SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, integrator_id, currency,
       sum(fee)                       AS fee_revenue,
       sum(fee_returned)              AS fees_returned,
       sum(gross)                     AS gross_paid_out,
       count(*)                       AS payouts,
       count(*) FILTER (WHERE fee > 0) AS payouts_with_fee
FROM analytics.payouts GROUP BY 1, 2, 3;

-- Money paid out per day now comes from the payouts themselves: a milestone paid out in parts counts each part on its
-- day, and one paid out to both sides (outcome settled) counts on both. Same columns as before (V11).
CREATE OR REPLACE VIEW analytics.daily_volumes AS
WITH created AS (
    SELECT (created_at AT TIME ZONE 'UTC')::date AS day, integrator_id, currency,
           count(*) AS escrows_created, sum(total_amount) AS amount_created
    FROM analytics.escrows GROUP BY 1, 2, 3
), funded AS (
    SELECT (funded_at AT TIME ZONE 'UTC')::date AS day, integrator_id, currency,
           count(*) AS escrows_funded, sum(total_amount) AS amount_funded
    FROM analytics.escrows WHERE funded_at IS NOT NULL GROUP BY 1, 2, 3
), moved AS (
    SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, integrator_id, currency,
           sum(gross) FILTER (WHERE kind = 'release') AS released, sum(gross) FILTER (WHERE kind = 'refund') AS refunded
    FROM analytics.payouts WHERE kind IN ('release', 'refund') GROUP BY 1, 2, 3
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
