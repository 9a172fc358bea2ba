-- Metadata (the integrator's string key/value pairs, docs/api.md "Metadata") on escrows, milestones, disputes and
-- vaults; '{}' for none, which is what every row written before it meant.
ALTER TABLE escrows ADD COLUMN metadata JSONB NOT NULL DEFAULT '{}';
ALTER TABLE escrow_milestones ADD COLUMN metadata JSONB NOT NULL DEFAULT '{}';
ALTER TABLE disputes ADD COLUMN metadata JSONB NOT NULL DEFAULT '{}';
ALTER TABLE vaults ADD COLUMN metadata JSONB NOT NULL DEFAULT '{}';

-- The list filter metadata[key]=value is containment (metadata @> '{"key": "value"}').
CREATE INDEX escrows_by_metadata ON escrows USING GIN (metadata jsonb_path_ops);
CREATE INDEX disputes_by_metadata ON disputes USING GIN (metadata jsonb_path_ops);

-- The other list filters of GET /v1/escrows and GET /v1/disputes, each in the lists' order (newest id first).
CREATE INDEX escrows_by_integrator_created ON escrows (integrator_id, created_at);
CREATE INDEX escrows_by_client ON escrows (integrator_id, client_id, escrow_id DESC) WHERE client_id IS NOT NULL;
CREATE INDEX escrows_by_contractor ON escrows (integrator_id, contractor_id, escrow_id DESC)
    WHERE contractor_id IS NOT NULL;
CREATE INDEX disputes_by_integrator_state ON disputes (integrator_id, state, dispute_id DESC);

-- The analysts' copies (docs/analytics.md).
ALTER TABLE analytics.escrows ADD COLUMN metadata JSONB NOT NULL DEFAULT '{}';
ALTER TABLE analytics.milestones ADD COLUMN metadata JSONB NOT NULL DEFAULT '{}';
ALTER TABLE analytics.disputes ADD COLUMN metadata JSONB NOT NULL DEFAULT '{}';
