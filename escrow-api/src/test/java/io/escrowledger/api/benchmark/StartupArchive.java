package io.escrowledger.api.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The production start of docs/operations.md ("Start-up"): the jar extracted into plain jars, and a class data sharing
 * (CDS) archive written by a training run that stops once the application context is refreshed. The JVM then maps the
 * classes from the archive instead of loading and verifying them one by one.
 *
 * @param jar        the extracted application jar, to run with {@code java -jar}
 * @param jvmOptions what the JVM needs to use the archive
 */
record StartupArchive(Path jar, List<String> jvmOptions) {

    /**
     * Extracts {@code packagedJar} into {@code directory} and trains the archive there, on the database the
     * {@code properties} name (migrated already: the training run stops before the service would serve).
     */
    static StartupArchive prepare(Path packagedJar, Path directory, List<String> jvmOptions, List<String> properties) {
        deleteRecursively(directory);
        String java = ProcessHandle.current().info().command().orElse("java");
        run(directory.resolveSibling(directory.getFileName() + "-extract.log"), List.of(java, "-Djarmode=tools", "-jar",
                packagedJar.toString(), "extract", "--destination", directory.toString()));
        Path jar = directory.resolve(packagedJar.getFileName());
        Path archive = directory.resolve("escrow-api.jsa");
        List<String> training = new ArrayList<>(List.of(java));
        training.addAll(jvmOptions);
        training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh",
                "-Daxoniq.update-checker.disabled=true", "-jar", jar.toString()));
        properties.forEach(property -> training.add("--" + property));
        run(directory.resolveSibling(directory.getFileName() + "-training.log"), training);
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("The training run wrote no archive at " + archive);
        }
        return new StartupArchive(jar, List.of("-XX:SharedArchiveFile=" + archive));
    }

    private static void run(Path log, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                                                         .redirectOutput(log.toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("Still running after 5 minutes: " + command + "; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Exited with " + process.exitValue() + ": " + command + "; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
