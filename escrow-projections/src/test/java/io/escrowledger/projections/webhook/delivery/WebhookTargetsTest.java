package io.escrowledger.projections.webhook.delivery;

import io.escrowledger.projections.webhook.WebhookProperties;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Webhook URLs must not become a way into the service's own network. */
class WebhookTargetsTest {

    private static WebhookTargets targets(boolean allowHttp, boolean allowPrivate) {
        return new WebhookTargets(new WebhookProperties(allowHttp, allowPrivate, List.of(Duration.ofSeconds(5)),
                Duration.ofSeconds(10), 1, 1, 10, Duration.ZERO, Duration.ofMillis(250), Duration.ofHours(24)));
    }

    @Test
    void acceptsHttpsToPublicAddresses() {
        assertThat(targets(false, false).refusal("https://93.184.216.34/hooks")).isEmpty();
    }

    @Test
    void refusesHttpUnlessAllowed() {
        assertThat(targets(false, false).refusal("http://93.184.216.34/hooks")).contains("must be an https URL");
        assertThat(targets(true, false).refusal("http://93.184.216.34/hooks")).isEmpty();
        assertThat(targets(true, true).refusal("ftp://93.184.216.34/hooks")).isPresent();
    }

    @Test
    void refusesInternalAddressesUnlessAllowed() {
        WebhookTargets strict = targets(false, false);
        for (String url : List.of("https://127.0.0.1/x", "https://localhost/x", "https://10.1.2.3/x",
                "https://172.16.0.1/x", "https://192.168.1.1/x", "https://169.254.169.254/latest/meta-data",
                "https://[::1]/x", "https://[fd00::1]/x", "https://100.64.0.1/x", "https://0.0.0.0/x",
                "https://[::ffff:127.0.0.1]/x", "https://[::169.254.169.254]/x", "https://[2002:a9fe:a9fe::1]/x",
                "https://[64:ff9b::a9fe:a9fe]/x",
                // what a hostile tester got through
                "https://192.0.0.192/x", "https://168.63.129.16/x", "https://198.18.0.1/x",
                "https://255.255.255.255/x", "https://[64:ff9b:1::a9fe:a9fe]/x", "https://[::ffff:0:7f00:1]/x",
                "https://0177.0.0.1/x", "https://2130706433/x", "https://0x7f000001/x")) {
            assertThat(strict.refusal(url)).as(url).isPresent();
        }
        assertThat(targets(false, true).refusal("https://127.0.0.1/x")).isEmpty();
        // Whatever is allowed, an IPv4 address is written the one way every reader takes the same.
        assertThat(targets(false, true).refusal("https://0177.0.0.1/x")).isPresent();
        assertThat(targets(false, true).refusal("https://2130706433/x")).isPresent();
    }

    @Test
    void refusesUrlsWithCredentialsOrWithoutHost() {
        WebhookTargets strict = targets(false, false);
        assertThat(strict.refusal("https://user:pw@93.184.216.34/x")).isPresent();
        assertThat(strict.refusal("https:///x")).isPresent();
        assertThat(strict.refusal("not a url")).isPresent();
    }
}
