-- The escrow's dispute, if it has one.
ALTER TABLE escrows ADD COLUMN dispute_id TEXT;

-- Read model: one row per dispute, kept by DisputeProjection from the escrow's events only.
CREATE TABLE disputes (
    dispute_id                   TEXT         PRIMARY KEY,
    escrow_id                    TEXT         NOT NULL REFERENCES escrows (escrow_id) ON DELETE CASCADE,
    integrator_id                TEXT         NOT NULL,
    state                        TEXT         NOT NULL,
    reason_code                  TEXT         NOT NULL,
    opened_by_actor_id           TEXT         NOT NULL,
    opened_by_role               TEXT         NOT NULL,
    currency                     TEXT         NOT NULL,
    held_amount                  BIGINT       NOT NULL,
    created_at                   TIMESTAMPTZ  NOT NULL,
    evidence_count               INTEGER      NOT NULL,
    evidence_digest              TEXT,
    locked_at                    TIMESTAMPTZ,
    recommendation               TEXT,
    recommendation_confidence    NUMERIC(3, 2),
    recommended_client_ratio     NUMERIC(5, 4),
    recommended_contractor_ratio NUMERIC(5, 4),
    engine_version               TEXT,
    recommended_at               TIMESTAMPTZ,
    decision                     TEXT,
    final_client_ratio           NUMERIC(5, 4),
    final_contractor_ratio       NUMERIC(5, 4),
    justification                TEXT,
    client_payout                BIGINT,
    contractor_payout            BIGINT,
    resolved_at                  TIMESTAMPTZ,
    updated_at                   TIMESTAMPTZ  NOT NULL,
    CONSTRAINT disputes_payout_adds_up CHECK (client_payout IS NULL OR client_payout + contractor_payout = held_amount)
);
CREATE INDEX disputes_by_integrator ON disputes (integrator_id, dispute_id DESC);
CREATE INDEX disputes_by_escrow ON disputes (escrow_id);

CREATE TABLE dispute_evidence (
    evidence_id           TEXT        PRIMARY KEY,
    dispute_id            TEXT        NOT NULL REFERENCES disputes (dispute_id) ON DELETE CASCADE,
    position              INTEGER     NOT NULL,
    submitted_by_actor_id TEXT        NOT NULL,
    submitted_by_role     TEXT        NOT NULL,
    reference_type        TEXT        NOT NULL,
    reference_provider    TEXT        NOT NULL,
    reference_uri         TEXT        NOT NULL,
    reference_content_hash TEXT       NOT NULL,
    submitted_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX dispute_evidence_by_dispute ON dispute_evidence (dispute_id, position);
