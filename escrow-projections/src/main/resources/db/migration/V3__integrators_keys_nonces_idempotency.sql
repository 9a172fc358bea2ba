-- Integrators and their API keys. Secrets are stored encrypted (AES-256-GCM, key from configuration), never in clear.
CREATE TABLE integrators (
    integrator_id TEXT        PRIMARY KEY,
    name          TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE api_keys (
    api_key       TEXT        PRIMARY KEY,
    integrator_id TEXT        NOT NULL REFERENCES integrators (integrator_id),
    created_at    TIMESTAMPTZ NOT NULL,
    revoked_at    TIMESTAMPTZ
);
CREATE INDEX api_keys_by_integrator ON api_keys (integrator_id);

-- A key has one secret, or two while a rotation overlaps: the old one carries the time it stops being accepted.
CREATE TABLE api_key_secrets (
    secret_id         BIGSERIAL   PRIMARY KEY,
    api_key           TEXT        NOT NULL REFERENCES api_keys (api_key),
    secret_ciphertext TEXT        NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    expires_at        TIMESTAMPTZ
);
CREATE INDEX api_key_secrets_by_key ON api_key_secrets (api_key);

-- Nonces seen in signed requests, shared by every node. Rows older than the signature window are purged: a request
-- that old is refused for its timestamp anyway.
CREATE TABLE request_nonces (
    api_key TEXT        NOT NULL,
    nonce   TEXT        NOT NULL,
    seen_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (api_key, nonce)
);
CREATE INDEX request_nonces_by_age ON request_nonces (seen_at);

-- The first answer to each Idempotency-Key, replayed for 24 hours to retries of the same request.
CREATE TABLE idempotency_records (
    integrator_id    TEXT        NOT NULL,
    idempotency_key  TEXT        NOT NULL,
    request_method   TEXT        NOT NULL,
    request_path     TEXT        NOT NULL,
    request_hash     TEXT        NOT NULL,
    state            TEXT        NOT NULL CHECK (state IN ('IN_PROGRESS', 'COMPLETED')),
    response_status  INTEGER,
    response_type    TEXT,
    response_location TEXT,
    response_body    BYTEA,
    created_at       TIMESTAMPTZ NOT NULL,
    completed_at     TIMESTAMPTZ,
    PRIMARY KEY (integrator_id, idempotency_key)
);
CREATE INDEX idempotency_records_by_age ON idempotency_records (created_at);
