-- Test clocks (docs/api.md, "Test clocks"): simulated time for an integrator's test escrows.
CREATE TABLE test_clocks (
    clock_id      TEXT PRIMARY KEY,
    integrator_id TEXT        NOT NULL,
    name          TEXT,
    frozen_time   TIMESTAMPTZ NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX test_clocks_by_integrator ON test_clocks (integrator_id, clock_id DESC);

-- The deadlines of escrows on a test clock: kept here instead of db-scheduler's scheduled_tasks, and fired only when
-- their clock is advanced past them. The scope is always an aggregate's; the payload is Jackson's default form.
CREATE TABLE test_clock_deadlines (
    deadline_id      BIGSERIAL PRIMARY KEY,
    schedule_id      TEXT        NOT NULL UNIQUE,
    clock_id         TEXT        NOT NULL REFERENCES test_clocks (clock_id),
    deadline_name    TEXT        NOT NULL,
    aggregate_type   TEXT        NOT NULL,
    aggregate_id     TEXT        NOT NULL,
    payload_type     TEXT        NOT NULL,
    payload_revision TEXT,
    payload          TEXT        NOT NULL,
    due_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX test_clock_deadlines_due ON test_clock_deadlines (clock_id, due_at, deadline_id);
CREATE INDEX test_clock_deadlines_by_aggregate ON test_clock_deadlines (aggregate_id, deadline_name);

-- The test clock an escrow runs on; null for real time.
ALTER TABLE escrows ADD COLUMN IF NOT EXISTS test_clock_id TEXT;
