-- Command side: an integrator's external ids are unique across its escrows. Claimed in the same transaction that
-- stores the escrow's first event (io.escrowledger.projections.escrow.JdbcExternalIdRegistry).
CREATE TABLE escrow_external_ids (
    integrator_id TEXT NOT NULL,
    external_id   TEXT NOT NULL,
    escrow_id     TEXT NOT NULL,
    PRIMARY KEY (integrator_id, external_id)
);

-- Read model: one row per escrow, kept by EscrowProjection from the escrow's events only.
CREATE TABLE escrows (
    escrow_id            TEXT        PRIMARY KEY,
    integrator_id        TEXT        NOT NULL,
    external_id          TEXT        NOT NULL,
    state                TEXT        NOT NULL,
    currency             TEXT        NOT NULL,
    total_amount         BIGINT      NOT NULL,
    held_amount          BIGINT      NOT NULL,
    released_amount      BIGINT      NOT NULL,
    refunded_amount      BIGINT      NOT NULL,
    external_payment_ref TEXT,
    created_at           TIMESTAMPTZ NOT NULL,
    funded_at            TIMESTAMPTZ,
    first_delivered_at   TIMESTAMPTZ,
    closed_at            TIMESTAMPTZ,
    updated_at           TIMESTAMPTZ NOT NULL,
    -- Sequence number of the last event applied: the escrow's version.
    last_event_sequence  BIGINT      NOT NULL,
    CONSTRAINT escrows_money_adds_up CHECK (held_amount + released_amount + refunded_amount IN (0, total_amount))
);

-- Listing an integrator's escrows newest first (ids are time-ordered), optionally by state or external id.
CREATE INDEX escrows_by_integrator ON escrows (integrator_id, escrow_id DESC);
CREATE INDEX escrows_by_integrator_state ON escrows (integrator_id, state, escrow_id DESC);
CREATE UNIQUE INDEX escrows_by_integrator_external_id ON escrows (integrator_id, external_id);

-- Read model: one row per milestone.
CREATE TABLE escrow_milestones (
    escrow_id                TEXT        NOT NULL REFERENCES escrows (escrow_id) ON DELETE CASCADE,
    milestone_id             TEXT        NOT NULL,
    position                 INTEGER     NOT NULL,
    amount                   BIGINT      NOT NULL,
    deadline                 TIMESTAMPTZ,
    state                    TEXT        NOT NULL,
    deliverable_type         TEXT,
    deliverable_provider     TEXT,
    deliverable_uri          TEXT,
    deliverable_content_hash TEXT,
    delivered_at             TIMESTAMPTZ,
    released_at              TIMESTAMPTZ,
    refunded_at              TIMESTAMPTZ,
    PRIMARY KEY (escrow_id, milestone_id)
);
