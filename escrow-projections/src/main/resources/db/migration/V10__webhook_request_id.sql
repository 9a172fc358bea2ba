-- The request that caused a message's event (from the event's metadata), sent as X-Request-Id so an integrator can
-- match a webhook to the API call behind it. NULL for events no request caused (deadlines) and for older messages.
ALTER TABLE webhook_messages ADD COLUMN request_id TEXT;

-- The dead-letter gauge (escrow.dead.letters) counts these at every scrape: an index keeps that count small.
CREATE INDEX webhook_messages_dead ON webhook_messages (message_id) WHERE state = 'DEAD';
