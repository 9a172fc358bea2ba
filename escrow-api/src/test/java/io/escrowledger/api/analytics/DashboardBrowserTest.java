package io.escrowledger.api.analytics;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Patience;
import io.escrowledger.api.support.Seed;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real headless browser (Debian's chromium): the page loads its data with the analyst token and
 * draws it; the screenshot is kept as target/dashboard.png.
 */
class DashboardBrowserTest extends IntegrationTest {

    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");

    @Test
    void theDashboardDrawsTheFiguresAndTheTimelineOfOneEscrow() throws Exception {
        ApiClient integrator = new Admin(api).newIntegrator("Dashboard " + System.nanoTime());
        String disputed = Seed.flowToDecision(integrator);
        String released = Seed.fundedEscrow(integrator);
        integrator.post("/v1/escrows/" + released + "/release", null);
        // 2.5% of 50000, taken when it is released: the fee revenue of the day.
        String withFee = integrator.post("/v1/escrows", "{\"external_id\": \"" + Seed.uniqueExternalId()
                + "\", \"currency\": \"USD\", \"total_amount\": 50000, \"milestones\": [{\"milestone_id\": \"all\", "
                + "\"amount\": 50000}], \"platform_fee\": {\"basis_points\": 250}}").json().get("id").asString();
        integrator.post("/v1/escrows/" + withFee + "/payment-status", Seed.paymentStatus("pi_fee"));
        integrator.post("/v1/escrows/" + withFee + "/release", null);
        String integratorId = jdbc.sql("SELECT integrator_id FROM escrows WHERE escrow_id = ?").param(disputed)
                                  .query(String.class).single();
        await().atMost(Patience.BACKGROUND).until(() -> jdbc.sql(
                "SELECT count(*) FROM analytics.escrows WHERE integrator_id = ? AND closed_at IS NOT NULL")
                .param(integratorId).query(Long.class).single() == 3);

        String url = "http://127.0.0.1:" + port() + "/dashboard#token=" + ANALYST_TOKEN + "&integrator="
                     + integratorId + "&escrow=" + disputed;
        String dom = chromium("--dump-dom", url);

        assertThat(dom).contains("data-loaded=\"true\"");
        assertThat(dom).contains("<div id=\"escrow-count\" class=\"big\">3</div>");
        assertThat(dom).contains("data-label=\"RELEASED\" data-value=\"2\"")
                       .contains("data-label=\"RESOLVED\" data-value=\"1\"")
                       .contains("data-label=\"DELIVERABLE_INCOMPLETE\" data-value=\"1\"")
                       .contains("data-label=\"SPLIT\" data-value=\"1\"");
        assertThat(dom).contains("<div id=\"dispute-rate\" class=\"big\">33.3 %</div>");
        assertThat(dom).contains("data-field=\"amount_created\" data-value=\"150000\"");
        assertThat(dom).contains("<div id=\"fee-revenue\" class=\"big\">1250</div>");
        assertThat(dom).containsPattern("<div class=\"bar-row\" data-label=\"\\d{4}-\\d{2}-\\d{2}\" data-value=\"1250\">");
        assertThat(dom).contains("data-type=\"DisputeOpenedEvent\"").contains("data-type=\"DisputeResolvedEvent\"");
        // The split decision owes two payouts, each release one per milestone (the fee escrow's one milestone its net):
        // none transferred, all paid out today.
        assertThat(dom).contains("data-label=\"under_1_day USD\" data-value=\"5\"");

        Files.deleteIfExists(SCREENSHOT);
        chromium("--window-size=1280,1100", "--screenshot=" + SCREENSHOT.toAbsolutePath(), url);
        assertThat(SCREENSHOT).isNotEmptyFile();
    }

    @Test
    void withoutATokenThePageSaysWhatIsMissing() throws Exception {
        String dom = chromium("--dump-dom", "http://127.0.0.1:" + port() + "/dashboard#token=wrong");
        assertThat(dom).contains("data-loaded=\"failed\"").contains("Invalid dashboard token");
    }

    /** Runs headless chromium as the machine notes say it runs here: no sandbox (root), no background traffic. */
    private static String chromium(String... arguments) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=10000"));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException missing) {
            throw new IllegalStateException("This test needs Debian's chromium: apt-get install chromium", missing);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(process.exitValue()).as("chromium's exit code").isZero();
        return output;
    }
}
