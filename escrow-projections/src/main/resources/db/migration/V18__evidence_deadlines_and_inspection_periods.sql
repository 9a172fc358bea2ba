-- A dispute's evidence deadline and what locked its evidence; a milestone's inspection period (docs/state-machine.md).
-- ADD COLUMN IF NOT EXISTS: another migration of the same release adds disputes.evidence_due_by too (the list filter
-- due_before), and both must apply in either order.
ALTER TABLE disputes ADD COLUMN IF NOT EXISTS evidence_due_by TIMESTAMPTZ;
-- integrator or evidence_deadline, once locked.
ALTER TABLE disputes ADD COLUMN IF NOT EXISTS locked_by TEXT;

-- Hours after the first deliverable at which the milestone is released unless disputed; null for none.
ALTER TABLE escrow_milestones ADD COLUMN IF NOT EXISTS inspection_period_hours INTEGER;
-- When the period ends (set by the first deliverable), and when it elapsed and released the milestone.
ALTER TABLE escrow_milestones ADD COLUMN IF NOT EXISTS inspection_ends_at TIMESTAMPTZ;
ALTER TABLE escrow_milestones ADD COLUMN IF NOT EXISTS inspection_elapsed_at TIMESTAMPTZ;

ALTER TABLE analytics.disputes ADD COLUMN IF NOT EXISTS evidence_due_by TIMESTAMPTZ;
ALTER TABLE analytics.disputes ADD COLUMN IF NOT EXISTS locked_by TEXT;
ALTER TABLE analytics.milestones ADD COLUMN IF NOT EXISTS inspection_period_hours INTEGER;
ALTER TABLE analytics.milestones ADD COLUMN IF NOT EXISTS inspection_elapsed_at TIMESTAMPTZ;
