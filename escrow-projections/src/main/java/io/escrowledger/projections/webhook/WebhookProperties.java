package io.escrowledger.projections.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * How webhooks are delivered. See docs/configuration.md.
 *
 * @param allowHttp           accept http:// endpoint URLs (local runs and tests), not only https://
 * @param allowPrivateTargets accept URLs that resolve to loopback, private, link-local or metadata addresses
 * @param retrySchedule       the wait before each retry; after the last one a message is dead-lettered
 * @param timeout             how long one attempt may take, connection included
 * @param workers             delivery threads per node, each sending one batch (of one endpoint) at a time
 * @param concurrency         how many escrows of one batch are sent to at the same time
 * @param batchSize           the most messages one batch holds
 * @param linger              how long a thread told of new messages waits for more before it claims a batch
 * @param pollInterval        how often an idle node looks for due messages nothing told it about
 * @param secretOverlap       how long a rotated endpoint secret keeps signing, as a second signature
 */
@ConfigurationProperties("escrow.webhooks")
public record WebhookProperties(@DefaultValue("false") boolean allowHttp,
                                @DefaultValue("false") boolean allowPrivateTargets,
                                @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h"}) List<Duration> retrySchedule,
                                @DefaultValue("10s") Duration timeout,
                                @DefaultValue("4") int workers,
                                @DefaultValue("8") int concurrency,
                                @DefaultValue("100") int batchSize,
                                @DefaultValue("50ms") Duration linger,
                                @DefaultValue("30s") Duration pollInterval,
                                @DefaultValue("24h") Duration secretOverlap) {
}
