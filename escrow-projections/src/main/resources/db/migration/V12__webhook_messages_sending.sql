-- The messages being sent, by endpoint: how the delivery workers find the endpoints that already have as many
-- attempts under way as they may (escrow.webhooks.per-endpoint-concurrency) without reading the whole queue.
CREATE INDEX webhook_messages_sending ON webhook_messages (endpoint_id) WHERE state = 'SENDING';
