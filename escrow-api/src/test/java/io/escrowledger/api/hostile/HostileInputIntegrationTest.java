package io.escrowledger.api.hostile;

import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.ApiOperations;
import io.escrowledger.api.support.ApiOperations.Operation;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.OpenApiDocument;
import io.escrowledger.api.support.Tenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the served OpenAPI document under /v1 and /subcent gets every case of the hostile corpus
 * (src/test/resources/hostile/corpus.json) that applies to it, signed: each must be refused with a 4xx problem
 * document that has a code, never a 500, and must store nothing. A case the corpus marks as acceptable data (an
 * injection string in a free-text field) may also succeed, with its value kept exactly. Figures per operation are
 * printed and written to target/hostile-input-report.txt. The service's logs of the run hold no error and none of the
 * injection strings sent.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileInputIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** What the API answers in; an HTML page would be where a reflected script runs. */
    private static final Set<String> API_CONTENT_TYPES = Set.of("application/json", "application/problem+json",
            "text/csv", "application/x-ndjson");

    /** The corpus's status for "the server closed the connection without answering". */
    private static final int CLOSED_WITHOUT_AN_ANSWER = 0;

    private Tenant tenant;
    /** What the tenant had stored after the last request. */
    private String stored;
    /** Injection strings taken as data (2xx), and how many of those the answer showed back exactly. */
    private int acceptedAsData;
    private int echoedVerbatim;

    @Test
    void everyHostileInputIsRefusedWithAProblemDocumentAndStoresNothing(CapturedOutput logs) throws IOException {
        ApiOperations document = new ApiOperations(OpenApiDocument.of("http://127.0.0.1:" + port()).json());
        // An integrator of this test alone: what it has stored is what no refused request may change.
        tenant = Tenant.create(api, "Hostile input");
        HostileCorpus corpus = new HostileCorpus(document, tenant.pathIds(),
                Map.of("escrow_id", tenant.id("escrowId"), "vault_id", tenant.id("vaultId")));
        stored = tenant.stored(jdbc);

        long started = System.nanoTime();
        List<String> failures = new ArrayList<>();
        Map<String, Map<String, Integer>> figures = new TreeMap<>();
        Map<String, long[]> categories = new TreeMap<>();
        List<String> notes = new ArrayList<>();
        Set<String> injections = new HashSet<>();
        int sent = 0;
        for (Operation operation : document.operations(path -> path.startsWith("/v1/") || path.startsWith("/subcent/"))) {
            if (!corpus.hasBaseline(operation)) {
                notes.add(operation + ": no valid body in the corpus; one was made from the schema's examples");
            }
            corpus.unknownPathParameters(operation).forEach(name -> notes.add(operation + ": no id of the caller "
                                                                                + "for {" + name + "}"));
            for (HostileCase hostileCase : corpus.casesFor(operation)) {
                long caseStarted = System.nanoTime();
                String outcome = send(hostileCase, failures);
                figures.computeIfAbsent(operation.toString(), op -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
                categories.computeIfAbsent(hostileCase.category(), category -> new long[2])[0]++;
                categories.get(hostileCase.category())[1] += System.nanoTime() - caseStarted;
                if (hostileCase.category().endsWith("_injection") && hostileCase.value() != null) {
                    injections.add(hostileCase.value());
                }
                sent++;
            }
        }

        notes.add(acceptedAsData + " injection strings in free-text fields or filters were taken as data (2xx); "
                  + echoedVerbatim + " of them came back in the answer, each exactly as sent");
        String report = report(figures, categories, notes, sent, failures.size(), System.nanoTime() - started);
        System.out.println(report);
        Files.writeString(Path.of("target", "hostile-input-report.txt"), report);
        assertThat(figures).as("operations with hostile cases").hasSizeGreaterThan(20);
        assertThat(failures).as(failures.size() + " of " + sent + " hostile requests were not refused properly:\n"
                                + String.join("\n", failures)).isEmpty();
        // The service logs one line per request (method, route template, status), never what was sent, and no error.
        assertThat(logs.getOut()).as("the service's request lines were captured").contains("RequestLogFilter");
        assertThat(logs.getOut().lines().filter(line -> line.contains("\"level\":\"ERROR\"")).toList()).isEmpty();
        assertThat(injections).isNotEmpty().allSatisfy(injection -> assertThat(logs.getOut())
                .as("an injection string in the logs").doesNotContain(injection));
    }

    /** Sends one case and checks the answer; returns its status (or what went wrong) for the figures. */
    private String send(HostileCase hostileCase, List<String> failures) {
        String before = stored;
        ApiClient.Response response;
        try {
            response = hostileCase.raw() ? rawSend(hostileCase) : clientSend(hostileCase);
        } catch (UncheckedIOException e) {
            stored = tenant.stored(jdbc);
            // Status 0 in the corpus: the server may close the connection without an answer (a request line over
            // Tomcat's limit is refused before it is read whole, and the unread rest can reset the connection first).
            if (hostileCase.statuses().contains(CLOSED_WITHOUT_AN_ANSWER) && stored.equals(before)) {
                return "closed";
            }
            failures.add(hostileCase.label() + ": " + firstLine(e));
            return "error";
        } catch (AssertionError | RuntimeException e) {
            failures.add(hostileCase.label() + ": " + firstLine(e));
            stored = tenant.stored(jdbc);
            return "error";
        }
        stored = tenant.stored(jdbc);
        List<String> problems = check(hostileCase, response, !stored.equals(before));
        problems.forEach(problem -> failures.add(hostileCase.label() + ": " + problem + " (" + response.status() + " "
                                                 + abbreviate(response.body()) + ")"));
        return String.valueOf(response.status());
    }

    private ApiClient.Response clientSend(HostileCase hostileCase) {
        try {
            return tenant.client().callBytes(hostileCase.method(), hostileCase.target(), hostileCase.body(),
                    hostileCase.headers());
        } catch (IllegalArgumentException refusedByTheClient) {
            // A target or header Java's client will not send (a NUL in a header, say): an attacker's client would.
            return rawSend(hostileCase);
        }
    }

    private ApiClient.Response rawSend(HostileCase hostileCase) {
        return tenant.client().raw(hostileCase.method(), hostileCase.target(), hostileCase.body(), hostileCase.headers());
    }

    private List<String> check(HostileCase hostileCase, ApiClient.Response response, boolean somethingStored) {
        List<String> problems = new ArrayList<>();
        String type = response.header("Content-Type");
        String mediaType = type == null ? "" : type.split(";")[0].trim();
        if (!response.body().isEmpty() && !API_CONTENT_TYPES.contains(mediaType)) {
            problems.add("answered as " + type);
        }
        if (response.status() / 100 == 2 && hostileCase.mayBeAccepted()) {
            // Taken as data: where the answer shows the same field, it shows exactly the value sent.
            JsonNode echoed = echoed(response, hostileCase.field());
            acceptedAsData++;
            if (hostileCase.value() != null && echoed != null) {
                if (hostileCase.value().equals(echoed.asString())) {
                    echoedVerbatim++;
                } else {
                    problems.add("the value came back changed: " + echoed);
                }
            }
            return problems;
        }
        if (!hostileCase.statuses().contains(response.status())) {
            problems.add("status " + response.status() + ", expected one of " + hostileCase.statuses());
        }
        if (!mediaType.equals("application/problem+json")) {
            problems.add("not a problem document");
        } else {
            JsonNode problem = JSON.readTree(response.body());
            if (!problem.path("code").isString() || problem.path("status").asInt() != response.status()) {
                problems.add("a problem document without its code or status");
            }
        }
        if (somethingStored) {
            problems.add("something was stored");
        }
        return problems;
    }

    private static JsonNode echoed(ApiClient.Response response, List<Object> field) {
        if (field.isEmpty() || !response.header("Content-Type").startsWith("application/json")) {
            return null;
        }
        JsonNode node = JSON.readTree(response.body());
        for (Object step : field) {
            node = step instanceof Integer index ? node.path(index) : node.path((String) step);
        }
        return node.isString() ? node : null;
    }

    private static String report(Map<String, Map<String, Integer>> figures, Map<String, long[]> categories,
                                 List<String> notes, int sent, int failures, long nanos) {
        StringBuilder report = new StringBuilder("Hostile input: " + sent + " requests to " + figures.size()
                                                 + " operations in " + nanos / 1_000_000_000 + " s, " + failures
                                                 + " not refused properly\n");
        Map<String, Integer> total = new TreeMap<>();
        figures.forEach((operation, statuses) -> {
            int count = statuses.values().stream().mapToInt(Integer::intValue).sum();
            report.append(String.format("  %-75s %5d  %s%n", operation, count, statuses));
            statuses.forEach((status, n) -> total.merge(status, n, Integer::sum));
        });
        report.append("  by status: ").append(total).append('\n');
        categories.forEach((category, countAndNanos) -> report.append(String.format("  %-25s %5d cases %7d ms%n",
                category, countAndNanos[0], countAndNanos[1] / 1_000_000)));
        notes.forEach(note -> report.append("  note: ").append(note).append('\n'));
        return report.toString();
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        return e.getClass().getSimpleName() + ": " + abbreviate(message.lines().findFirst().orElse(""));
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
