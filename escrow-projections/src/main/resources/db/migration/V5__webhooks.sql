-- Integrators' webhook endpoints. Secrets are stored encrypted, like API secrets.
CREATE TABLE webhook_endpoints (
    endpoint_id                TEXT        PRIMARY KEY,
    integrator_id              TEXT        NOT NULL,
    url                        TEXT        NOT NULL,
    description                TEXT,
    -- NULL: every event type.
    event_types                TEXT[],
    enabled                    BOOLEAN     NOT NULL,
    disabled_reason            TEXT,
    secret_ciphertext          TEXT        NOT NULL,
    -- After a rotation the previous secret keeps signing, as a second signature, until it expires.
    previous_secret_ciphertext TEXT,
    previous_secret_expires_at TIMESTAMPTZ,
    created_at                 TIMESTAMPTZ NOT NULL,
    updated_at                 TIMESTAMPTZ NOT NULL,
    deleted_at                 TIMESTAMPTZ
);
CREATE INDEX webhook_endpoints_by_integrator ON webhook_endpoints (integrator_id) WHERE deleted_at IS NULL;

-- One row per message to one endpoint: the outbox the delivery workers drain. The body is fixed when the message
-- is created, so every retry sends the same bytes.
CREATE TABLE webhook_messages (
    message_id      TEXT        PRIMARY KEY,
    endpoint_id     TEXT        NOT NULL REFERENCES webhook_endpoints (endpoint_id),
    integrator_id   TEXT        NOT NULL,
    event_id        TEXT        NOT NULL,
    event_type      TEXT        NOT NULL,
    escrow_id       TEXT        NOT NULL,
    sequence        BIGINT      NOT NULL,
    -- Empty for the message the live event caused; the replay's id for a re-send from history.
    replay_id       TEXT        NOT NULL,
    body            TEXT        NOT NULL,
    -- PENDING (due at next_attempt_at), SENDING (claimed until locked_until), DELIVERED, DEAD (attempts exhausted
    -- or endpoint gone).
    state           TEXT        NOT NULL CHECK (state IN ('PENDING', 'SENDING', 'DELIVERED', 'DEAD')),
    attempt_count   INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    locked_until    TIMESTAMPTZ,
    last_status     INTEGER,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    delivered_at    TIMESTAMPTZ,
    -- An event becomes at most one message per endpoint (and per replay), however often it is handled.
    UNIQUE (endpoint_id, event_id, replay_id)
);
-- What the workers look for: due messages, and the earlier unfinished messages of the same escrow and endpoint.
CREATE INDEX webhook_messages_due ON webhook_messages (next_attempt_at) WHERE state IN ('PENDING', 'SENDING');
CREATE INDEX webhook_messages_by_stream ON webhook_messages (endpoint_id, escrow_id, sequence)
    WHERE state IN ('PENDING', 'SENDING');
CREATE INDEX webhook_messages_by_endpoint ON webhook_messages (endpoint_id, message_id DESC);

-- Every delivery attempt, for the integrator to read.
CREATE TABLE webhook_attempts (
    attempt_id   BIGSERIAL   PRIMARY KEY,
    message_id   TEXT        NOT NULL REFERENCES webhook_messages (message_id),
    attempted_at TIMESTAMPTZ NOT NULL,
    status_code  INTEGER,
    latency_ms   INTEGER     NOT NULL,
    error        TEXT
);
CREATE INDEX webhook_attempts_by_message ON webhook_attempts (message_id, attempt_id);
