package io.escrowledger.api.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A scenario's figures, printed and written to {@code target/reliability/<scenario>.md} (docs/reliability.md quotes
 * them). Written even when an assertion fails, so a failing run still shows what it measured.
 */
final class Report {

    private final String scenario;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    Report(String scenario) {
        this.scenario = scenario;
    }

    synchronized Report put(String figure, Object value) {
        figures.put(figure, value);
        return this;
    }

    /** A duration as a figure: seconds, one decimal. */
    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }

    /** Writes the figures, then closes what the scenario opened (in order, skipping nulls), even if writing failed. */
    void writeAndClose(AutoCloseable... opened) {
        try {
            write();
        } finally {
            for (AutoCloseable resource : opened) {
                if (resource != null) {
                    try {
                        resource.close();
                    } catch (Exception e) {
                        throw new IllegalStateException("Could not close " + resource, e);
                    }
                }
            }
        }
    }

    synchronized void write() {
        StringBuilder text = new StringBuilder("# " + scenario + "\n\nRun at " + Instant.now() + ".\n\n"
                                               + "| figure | value |\n|---|---|\n");
        figures.forEach((figure, value) -> text.append("| ").append(figure).append(" | ")
                                               .append(String.valueOf(value).replace("|", "\\|")).append(" |\n"));
        System.out.println(text);
        try {
            Path file = Path.of("target", "reliability", scenario + ".md");
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
