-- Payout execution and reconciliation (docs/api.md, "Payouts"): what each release, refund and dispute decision of an
-- escrow whose money the integrator holds paid to each party, and the transfers the integrator recorded for it.
-- Kept by PayoutProjection from the escrow events only.
CREATE TABLE payouts (
    payout_id          TEXT        PRIMARY KEY,      -- po_<the escrow's uuid>_<position>
    escrow_id          TEXT        NOT NULL REFERENCES escrows (escrow_id) ON DELETE CASCADE,
    position           INTEGER     NOT NULL,         -- 1, 2, … in the order the events paid them
    integrator_id      TEXT        NOT NULL,
    kind               TEXT        NOT NULL,         -- RELEASE, REFUND or DECISION
    party              TEXT        NOT NULL,         -- CLIENT or CONTRACTOR
    milestone_id       TEXT,
    dispute_id         TEXT,
    currency           TEXT        NOT NULL,
    expected_amount    BIGINT      NOT NULL CHECK (expected_amount > 0),
    transferred_amount BIGINT      NOT NULL DEFAULT 0,
    transfer_count     INTEGER     NOT NULL DEFAULT 0,
    -- UNRECONCILED (nothing transferred), PARTIALLY_RECONCILED (less than owed), RECONCILED (exactly owed) or
    -- OVER_PAID (more than owed): PayoutProjection keeps it with the amounts.
    status             TEXT        NOT NULL DEFAULT 'UNRECONCILED',
    expected_at        TIMESTAMPTZ NOT NULL,
    last_transfer_at   TIMESTAMPTZ,
    flagged_at         TIMESTAMPTZ,                  -- when it was flagged unreconciled past the allowed time
    UNIQUE (escrow_id, position)
);
-- Listing an integrator's payouts by status, newest escrow first (escrow ids are time-ordered), and the watch that
-- flags the ones left unreconciled.
CREATE INDEX payouts_by_integrator_status ON payouts (integrator_id, status, escrow_id DESC, position DESC);
CREATE INDEX payouts_by_integrator ON payouts (integrator_id, escrow_id DESC, position DESC);
CREATE INDEX payouts_awaiting_transfer ON payouts (expected_at)
    WHERE flagged_at IS NULL AND status IN ('UNRECONCILED', 'PARTIALLY_RECONCILED');

CREATE TABLE payout_transfers (
    escrow_id   TEXT        NOT NULL REFERENCES escrows (escrow_id) ON DELETE CASCADE,
    reference   TEXT        NOT NULL,               -- the integrator's payment system's reference: once per escrow
    payout_id   TEXT        NOT NULL REFERENCES payouts (payout_id) ON DELETE CASCADE,
    party       TEXT        NOT NULL,
    amount      BIGINT      NOT NULL,
    executed_at TIMESTAMPTZ NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (escrow_id, reference)
);
CREATE INDEX payout_transfers_by_payout ON payout_transfers (payout_id, recorded_at);

-- The analysts' schema: every payout owed with what was transferred, and the unreconciled ones by age
-- (docs/analytics.md). Not analytics.payouts (V15): that one has a row per payout event with its fee, this one a row
-- per payout owed to a party, under the id the integrator reconciles against.
CREATE TABLE analytics.expected_payouts (
    payout_id          TEXT PRIMARY KEY,
    escrow_id          TEXT        NOT NULL REFERENCES analytics.escrows ON DELETE CASCADE,
    integrator_id      TEXT        NOT NULL,
    kind               TEXT        NOT NULL,
    party              TEXT        NOT NULL,
    currency           TEXT        NOT NULL,
    expected_amount    BIGINT      NOT NULL,
    transferred_amount BIGINT      NOT NULL DEFAULT 0,
    expected_at        TIMESTAMPTZ NOT NULL,
    reconciled_at      TIMESTAMPTZ                  -- when the transfers first reached the expected amount
);
CREATE INDEX analytics_expected_payouts_by_integrator ON analytics.expected_payouts (integrator_id, expected_at);

-- Payouts still owed more than was transferred, by how long they have waited (now, when queried). The analyst role
-- reads both through the schema's default privileges (V11).
CREATE VIEW analytics.unreconciled_payouts_by_age AS
SELECT integrator_id, currency,
       CASE WHEN now() - expected_at < INTERVAL '1 day' THEN 'under_1_day'
            WHEN now() - expected_at < INTERVAL '3 days' THEN '1_to_3_days'
            WHEN now() - expected_at < INTERVAL '7 days' THEN '3_to_7_days'
            ELSE 'over_7_days' END AS age_bucket,
       count(*) AS payouts,
       sum(expected_amount - transferred_amount) AS outstanding_amount
FROM analytics.expected_payouts
WHERE transferred_amount < expected_amount
GROUP BY 1, 2, 3;
