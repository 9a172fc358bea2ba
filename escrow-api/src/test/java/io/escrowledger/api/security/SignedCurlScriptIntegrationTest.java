package io.escrowledger.api.security;

import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Seed;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** scripts/signed-curl, as the README uses it: the seed's steps 1 to 3, signed with openssl and sent with curl. */
class SignedCurlScriptIntegrationTest extends IntegrationTest {

    private static final Path SCRIPT = Path.of("..", "scripts", "signed-curl").toAbsolutePath().normalize();

    @Test
    void runsTheQuickStartStepsOneToThree() throws Exception {
        JsonNode escrow = run("POST", "/v1/escrows", Seed.createEscrow(Seed.uniqueExternalId()));
        String id = escrow.get("id").asString();
        assertThat(escrow.get("state").asString()).isEqualTo("CREATED");

        JsonNode funded = run("POST", "/v1/escrows/" + id + "/payment-status", Seed.paymentStatus("pi_stripe_xyz"));
        assertThat(funded.get("current_state").asString()).isEqualTo("FUNDED");

        JsonNode delivered = run("POST", "/v1/escrows/" + id + "/deliverable", Seed.deliverable("ms_design"));
        assertThat(delivered.get("state").asString()).isEqualTo("DELIVERED");

        JsonNode listed = run("get", "/v1/escrows?state=DELIVERED&limit=200", null);
        assertThat(listed.get("data").valueStream().map(e -> e.get("id").asString())).contains(id);
    }

    private JsonNode run(String method, String path, String body) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), method, path));
        if (body != null) {
            command.add(body);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("ESCROW_URL", "http://127.0.0.1:" + port(),
                "ESCROW_API_KEY", API_KEY, "ESCROW_API_SECRET", API_SECRET));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        JsonNode answer = JsonMapper.builder().build().readTree(output);
        assertThat(answer.has("code")).as(output).isFalse();
        return answer;
    }
}
