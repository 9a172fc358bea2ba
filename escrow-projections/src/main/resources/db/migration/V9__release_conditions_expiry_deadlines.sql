-- Release conditions, expiry and milestone deadlines (docs/state-machine.md), and the table of Axon's deadlines.

-- Escrows created through the /subcent API carry no external id of the integrator's.
ALTER TABLE escrows ALTER COLUMN external_id DROP NOT NULL;

-- The release condition as agreed (only its type's columns are set), and what happened to it and to the expiry.
ALTER TABLE escrows
    ADD COLUMN condition_type         TEXT,
    ADD COLUMN condition_release_at   TIMESTAMPTZ,
    ADD COLUMN condition_oracle_id    TEXT,
    ADD COLUMN condition_oracle_event TEXT,
    ADD COLUMN condition_approvers    TEXT[],
    ADD COLUMN condition_threshold    INTEGER,
    -- Free-form facts attached to the condition (a tracking number, a carrier): an object of strings, kept as JSON
    -- rather than JSONB so that its keys keep the order the integrator gave them in.
    ADD COLUMN condition_details      JSON,
    ADD COLUMN condition_met_at       TIMESTAMPTZ,
    ADD COLUMN expires_at             TIMESTAMPTZ,
    ADD COLUMN expired_at             TIMESTAMPTZ,
    -- Why money went back to the client: requested, expired, oracle_rejected or dispute_decision.
    ADD COLUMN refund_reason          TEXT;

ALTER TABLE escrow_milestones ADD COLUMN overdue_at TIMESTAMPTZ;

-- Read model: each step towards the release condition (approvals, oracle reports, delivery confirmations).
CREATE TABLE escrow_condition_progress (
    escrow_id      TEXT        NOT NULL REFERENCES escrows (escrow_id) ON DELETE CASCADE,
    event_sequence BIGINT      NOT NULL,
    -- approval, oracle_report or delivery_confirmation
    kind           TEXT        NOT NULL,
    -- the approver, the oracle, or who confirmed the delivery
    party_id       TEXT        NOT NULL,
    -- an oracle's report: CONFIRMED or REJECTED
    outcome        TEXT,
    occurred_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (escrow_id, event_sequence)
);

-- The free-text statement a dispute was opened with, if any.
ALTER TABLE disputes ADD COLUMN statement TEXT;

-- db-scheduler's table, which holds Axon's deadlines until they fire (DDL as db-scheduler documents it for PostgreSQL).
CREATE TABLE scheduled_tasks (
    task_name            TEXT                     NOT NULL,
    task_instance        TEXT                     NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- An escrow's ledger transactions (the /subcent API shows the ids of its hold and release).
CREATE INDEX ledger_transactions_by_escrow ON ledger_transactions (escrow_id, position) WHERE escrow_id IS NOT NULL;
