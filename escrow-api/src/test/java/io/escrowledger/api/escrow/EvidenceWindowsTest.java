package io.escrowledger.api.escrow;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The evidence window of each integrator: the service's, unless the operator set one of its own. */
class EvidenceWindowsTest {

    private static final Instant OPENED = Instant.parse("2025-01-20T14:00:00Z");

    @Test
    void anIntegratorWithoutAWindowOfItsOwnGetsTheServicesWindow() {
        EvidenceWindows windows = new EvidenceWindows(Duration.ofDays(7), new MockEnvironment());

        assertThat(windows.dueBy("int_any", OPENED)).isEqualTo(OPENED.plus(Duration.ofDays(7)));
    }

    @Test
    void anIntegratorsOwnWindowWinsAndZeroMeansNoDeadline() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("escrow.disputes.evidence-window-by-integrator.int_fast", "72h")
                .withProperty("escrow.disputes.evidence-window-by-integrator.int_manual", "0");
        EvidenceWindows windows = new EvidenceWindows(Duration.ofDays(7), environment);

        assertThat(windows.dueBy("int_fast", OPENED)).isEqualTo(OPENED.plus(Duration.ofHours(72)));
        assertThat(windows.dueBy("int_manual", OPENED)).isNull();
        assertThat(windows.dueBy("int_other", OPENED)).isEqualTo(OPENED.plus(Duration.ofDays(7)));
    }

    @Test
    void aNegativeWindowStopsTheServiceFromStarting() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("escrow.disputes.evidence-window-by-integrator.int_odd", "-1h");

        assertThatThrownBy(() -> new EvidenceWindows(Duration.ofDays(7), environment))
                .isInstanceOf(IllegalStateException.class);
    }
}
