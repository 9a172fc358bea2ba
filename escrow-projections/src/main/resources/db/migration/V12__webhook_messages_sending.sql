-- How the delivery workers claim a message without reading whole queues (WebhookOutbox.claimNext): the attempts under
-- way, by endpoint, to find the endpoints that already have as many as they may (escrow.webhooks.
-- per-endpoint-concurrency); and each endpoint's queue in due order, whose front is all a claim looks at.
CREATE INDEX webhook_messages_sending ON webhook_messages (endpoint_id) WHERE state = 'SENDING';
CREATE INDEX webhook_messages_queue ON webhook_messages (endpoint_id, next_attempt_at)
    WHERE state IN ('PENDING', 'SENDING');

-- A queue table: every message is updated a few times and then left delivered, so the front of each queue fills with
-- dead index entries unless it is vacuumed often. Vacuum and analyze it after 1% of its rows change, not 20%.
ALTER TABLE webhook_messages SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 500,
                                  autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 500);
