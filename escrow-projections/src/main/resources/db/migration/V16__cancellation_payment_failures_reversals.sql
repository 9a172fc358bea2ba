-- Cancelling an unfunded escrow, payments that failed before funding, and reversals (chargebacks) after it
-- (docs/state-machine.md). The escrow's state CANCELLED needs no change of schema: states are text.

-- Read model: why the escrow was cancelled (closed_at says when); the last payment declared failed; the reversal.
ALTER TABLE escrows ADD COLUMN cancellation_reason    TEXT;
ALTER TABLE escrows ADD COLUMN payment_failure_ref    TEXT;
ALTER TABLE escrows ADD COLUMN payment_failure_reason TEXT;
ALTER TABLE escrows ADD COLUMN payment_failed_at      TIMESTAMPTZ;
ALTER TABLE escrows ADD COLUMN funds_reversed_at      TIMESTAMPTZ;
ALTER TABLE escrows ADD COLUMN reversal_reason        TEXT;

-- The analysts' schema: how often payments fail before funding, and which escrows were charged back.
ALTER TABLE analytics.escrows ADD COLUMN payment_failure_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE analytics.escrows ADD COLUMN funds_reversed_at     TIMESTAMPTZ;
ALTER TABLE analytics.escrows ADD COLUMN cancelled_at          TIMESTAMPTZ;
