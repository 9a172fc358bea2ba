package io.escrowledger.api.openapi;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/openapi.json (the served document, see {@link OpenApiDocumentIntegrationTest}) is lint-clean with the two
 * linters integrators use, at pinned versions, with no warnings: Redocly's recommended-strict rules (redocly.yaml)
 * and Spectral's spectral:oas rules (.spectral.yaml). Needs Node.js with npx; the packages come from the npm registry.
 */
class OpenApiLintTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @Test
    void redoclyFindsNothing() throws Exception {
        Result result = npx("@redocly/cli@2.77.0", "lint", "--config", "redocly.yaml", "docs/openapi.json");
        // recommended-strict makes every warning an error, so a clean exit means no finding at all.
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void spectralFindsNothing() throws Exception {
        Result result = npx("@stoplight/spectral-cli@6.16.3", "lint", "--ruleset", ".spectral.yaml",
                "--fail-severity", "hint", "docs/openapi.json");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result npx(String packageAtVersion, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("npx", "--yes", packageAtVersion));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPOSITORY.toFile()).redirectErrorStream(true);
        // Neither tool may phone home from a test run.
        builder.environment().put("REDOCLY_TELEMETRY", "off");
        builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("npx " + packageAtVersion + " finished").isTrue();
        return new Result(process.exitValue(), output);
    }
}
