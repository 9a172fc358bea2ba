package io.escrowledger.api.security;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The worked examples of docs/authentication.md, so that the page and the service cannot drift apart. */
class RequestSignatureTest {

    private static final String SECRET = "sk_3q2-7wEAAAAexampleSecretDoNotUse0123456789";
    private static final String BODY = "{\"external_id\":\"order_12345\",\"currency\":\"USD\",\"total_amount\":50000,"
            + "\"milestones\":[{\"milestone_id\":\"ms_design\",\"amount\":20000,\"deadline\":\"2025-02-01T00:00:00Z\"},"
            + "{\"milestone_id\":\"ms_development\",\"amount\":30000,\"deadline\":\"2025-03-01T00:00:00Z\"}]}";

    @Test
    void signsThePostExampleOfTheDocumentation() {
        String canonical = RequestSignature.canonicalString("1735430400", "unique_nonce_123", "post", "/v1/escrows",
                BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(canonical).isEqualTo("1735430400\nunique_nonce_123\nPOST\n/v1/escrows\n"
                                        + "95ca71b7ceee9b2abf43141f6078b7acbfbd46c9d3bb927429461f1f091cc7ae");
        assertThat(RequestSignature.sign(SECRET, canonical))
                .isEqualTo("a17e3fc4642197b131615bb4f3f6c688db900889ec0dc91ef4b9714cb51dc9b4");
    }

    @Test
    void signsTheGetExampleOfTheDocumentation() {
        String canonical = RequestSignature.canonicalString("1735430460", "nonce_124", "GET",
                "/v1/escrows?state=FUNDED&limit=10", new byte[0]);

        assertThat(RequestSignature.sign(SECRET, canonical))
                .isEqualTo("9340637346e414f743f9df20d99c04cdad11d68829b5b42452589316385cd699");
    }

    @Test
    void acceptsTimestampsWithinTheWindowEitherWayAndNothingElse() {
        Instant now = Instant.ofEpochSecond(1_735_430_400L, 999_000_000L);
        Duration window = Duration.ofSeconds(300);

        assertThat(RequestSignature.withinWindow("1735430100", now, window)).isTrue();
        assertThat(RequestSignature.withinWindow("1735430700", now, window)).isTrue();
        assertThat(RequestSignature.withinWindow("1735430099", now, window)).isFalse();
        assertThat(RequestSignature.withinWindow("1735430701", now, window)).isFalse();
        assertThat(RequestSignature.withinWindow("yesterday", now, window)).isFalse();
        assertThat(RequestSignature.withinWindow("1735430400.5", now, window)).isFalse();
        assertThat(RequestSignature.withinWindow("9999999999999", now, window)).isFalse();
    }

    @Test
    void comparesSignaturesExactly() {
        assertThat(RequestSignature.matches("abc", "abc")).isTrue();
        assertThat(RequestSignature.matches("abc", "abd")).isFalse();
        assertThat(RequestSignature.matches("abc", "abcd")).isFalse();
    }
}
