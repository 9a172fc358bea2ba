-- Each endpoint's queue in delivery order: a worker picks an endpoint that is not busy, then that endpoint's oldest
-- due message (WebhookOutbox.claimNext), instead of sorting every due message of every endpoint at each claim.
CREATE INDEX webhook_messages_queue ON webhook_messages (endpoint_id, next_attempt_at) WHERE state = 'PENDING';
