-- Vault-funded escrows name their vault and parties.
ALTER TABLE escrows ADD COLUMN funding_vault_id TEXT;
ALTER TABLE escrows ADD COLUMN client_id TEXT;
ALTER TABLE escrows ADD COLUMN contractor_id TEXT;
CREATE INDEX escrows_by_vault ON escrows (funding_vault_id, escrow_id DESC) WHERE funding_vault_id IS NOT NULL;

-- Read model: one row per vault, kept by VaultProjection.
CREATE TABLE vaults (
    vault_id      TEXT        PRIMARY KEY,
    integrator_id TEXT        NOT NULL,
    currency      TEXT        NOT NULL,
    name          TEXT,
    external_id   TEXT,
    status        TEXT        NOT NULL CHECK (status IN ('active', 'frozen')),
    available     BIGINT      NOT NULL CHECK (available >= 0),
    held          BIGINT      NOT NULL CHECK (held >= 0),
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX vaults_by_integrator ON vaults (integrator_id, vault_id DESC);

-- The double-entry ledger, kept by LedgerProjection: every movement of money is one transaction whose entries add up
-- to zero. Transactions are never changed; a correction would be a new transaction.
CREATE TABLE ledger_transactions (
    transaction_id TEXT        PRIMARY KEY,
    position       BIGSERIAL   NOT NULL UNIQUE,
    integrator_id  TEXT        NOT NULL,
    kind           TEXT        NOT NULL CHECK (kind IN ('deposit', 'withdrawal', 'escrow_hold', 'escrow_release',
                                                        'escrow_refund', 'escrow_settlement')),
    vault_id       TEXT        NOT NULL,
    escrow_id      TEXT,
    reference      TEXT,
    occurred_at    TIMESTAMPTZ NOT NULL
);

-- Accounts: external:{integrator} (the world outside), vault:{vault}:available, vault:{vault}:held and
-- merchant:{integrator}:{merchant}. One row per account and currency with its balance, so a running balance is exact
-- even when transactions for one account commit concurrently.
CREATE TABLE ledger_accounts (
    account  TEXT   NOT NULL,
    currency TEXT   NOT NULL,
    balance  BIGINT NOT NULL,
    PRIMARY KEY (account, currency)
);

CREATE TABLE ledger_entries (
    entry_id       BIGSERIAL PRIMARY KEY,
    transaction_id TEXT      NOT NULL REFERENCES ledger_transactions (transaction_id),
    account        TEXT      NOT NULL,
    currency       TEXT      NOT NULL,
    -- Positive increases the account's balance, negative decreases it; a transaction's entries sum to zero.
    amount         BIGINT    NOT NULL,
    balance_after  BIGINT    NOT NULL,
    vault_id       TEXT
);
CREATE INDEX ledger_entries_by_vault ON ledger_entries (vault_id, entry_id DESC);
CREATE INDEX ledger_entries_by_transaction ON ledger_entries (transaction_id);
