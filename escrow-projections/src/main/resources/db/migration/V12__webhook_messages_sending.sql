-- The attempts under way, by endpoint: how a delivery worker tells that an endpoint is busy (WebhookOutbox.claimNext)
-- without reading the endpoint's whole queue.
CREATE INDEX webhook_messages_sending ON webhook_messages (endpoint_id) WHERE state = 'SENDING';

-- A queue table: every message is updated a few times and then left delivered, so its indexes fill with dead entries
-- unless it is vacuumed often. Vacuum and analyze it after 1% of its rows change, not 20% (docs/operations.md).
ALTER TABLE webhook_messages SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 500,
                                  autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 500);
