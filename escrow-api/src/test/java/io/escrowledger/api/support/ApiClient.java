package io.escrowledger.api.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An integrator's HTTP client for the running service. It signs requests the way docs/authentication.md tells an
 * integrator to, with its own HMAC code (not the service's), so the tests check the documented scheme rather than
 * the service agreeing with itself.
 */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern CONTENT_LENGTH = Pattern.compile("\r\ncontent-length:\\s*(\\d+)");

    /** Where requests go: the service, or a proxy in front of it. */
    private final String baseUrl;
    /** The service whose OpenAPI document every answer is checked against. */
    private final String serviceUrl;
    private final String apiKey;
    private final String apiSecret;
    /** Whether requests are sent in the form a proxy writes them again (see {@link #via}). */
    private final boolean proxied;
    /** The time requests are signed at. */
    private final Clock clock;

    public ApiClient(int port, String apiKey, String apiSecret) {
        this("http://127.0.0.1:" + port, "http://127.0.0.1:" + port, apiKey, apiSecret, false, Clock.systemUTC());
    }

    private ApiClient(String baseUrl, String serviceUrl, String apiKey, String apiSecret, boolean proxied,
                      Clock clock) {
        this.baseUrl = baseUrl;
        this.serviceUrl = serviceUrl;
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
        this.proxied = proxied;
        this.clock = clock;
    }

    /** The same integrator, signing at {@code clock}'s time: for a service whose clock a test moves. */
    public ApiClient signingAt(Clock signingClock) {
        return new ApiClient(baseUrl, serviceUrl, apiKey, apiSecret, proxied, signingClock);
    }

    /** The same integrator, calling another node of the service. */
    public ApiClient onPort(int otherPort) {
        return new ApiClient(otherPort, apiKey, apiSecret);
    }

    /**
     * The same integrator, calling the service through a proxy on {@code proxyPort}; answers are still checked
     * against the service's own document. A proxy that reads a request writes it again (Prism parses the body and
     * writes it with JavaScript's JSON.stringify, and the query with URLSearchParams), so requests are sent in the form
     * it writes back byte for byte, and the signature over them holds: compact JSON, and query values form-encoded
     * (docs/reliability.md, "Hostile input and contract testing").
     */
    public ApiClient via(int proxyPort) {
        return new ApiClient("http://127.0.0.1:" + proxyPort, serviceUrl, apiKey, apiSecret, true, clock);
    }

    /** The same service, called with another integrator's credentials. */
    public ApiClient as(String otherApiKey, String otherApiSecret) {
        return new ApiClient(baseUrl, serviceUrl, otherApiKey, otherApiSecret, proxied, clock);
    }

    /**
     * An answer. {@code raw} is null for answers read from a plain socket; their headers are in {@code headers}
     * (names in lower case) all the same.
     */
    public record Response(int status, String body, HttpResponse<String> raw, Map<String, List<String>> headers) {

        Response(HttpResponse<String> response) {
            this(response.statusCode(), response.body(), response, response.headers().map());
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        /** A response header (the first value), or null. */
        public String header(String name) {
            return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                          .map(header -> header.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public Response get(String path) {
        return call("GET", path, null, Map.of());
    }

    public Response post(String path, String json) {
        return call("POST", path, json, Map.of());
    }

    /** A signed request; {@code headers} are added (and may override Content-Type or the signing headers). */
    public Response call(String method, String path, String body, Map<String, String> headers) {
        String sent = proxied && body != null ? JSON.writeValueAsString(JSON.readTree(body)) : body;
        Map<String, String> all = new LinkedHashMap<>();
        if (sent != null) {
            all.put("Content-Type", "application/json");
        }
        all.putAll(headers);
        return callBytes(method, proxied ? formEncodedQuery(path) : path,
                sent == null ? null : sent.getBytes(StandardCharsets.UTF_8), all);
    }

    /** The path with each query value encoded as URLSearchParams (and URLEncoder) write it: ':' as %3A, ' ' as '+'. */
    private static String formEncodedQuery(String path) {
        int question = path.indexOf('?');
        if (question < 0) {
            return path;
        }
        StringBuilder encoded = new StringBuilder(path.substring(0, question + 1));
        for (String pair : path.substring(question + 1).split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            encoded.append(encoded.charAt(encoded.length() - 1) == '?' ? "" : "&")
                   .append(URLEncoder.encode(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
                           StandardCharsets.UTF_8)).append('=')
                   .append(nameAndValue.length < 2 ? "" : URLEncoder.encode(
                           URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        }
        return encoded.toString();
    }

    /**
     * A request signed over exactly these body bytes (which need not be UTF-8, or JSON), with exactly these headers
     * besides the signing ones: no Content-Type unless given.
     */
    public Response callBytes(String method, String path, byte[] body, Map<String, String> headers) {
        byte[] bytes = body == null ? new byte[0] : body;
        Map<String, String> all = new LinkedHashMap<>(signatureHeaders(method, path, bytes));
        all.putAll(headers);
        HttpRequest.Builder request = request(path).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        all.forEach(request::header);
        return send(request);
    }

    /** The four signing headers for a request signed now, with a fresh nonce. */
    public Map<String, String> signatureHeaders(String method, String pathWithQuery, byte[] body) {
        return signatureHeaders(method, pathWithQuery, body, String.valueOf(clock.instant().getEpochSecond()),
                UUID.randomUUID().toString().replace("-", ""));
    }

    /** The four signing headers for a request, per docs/authentication.md. */
    public Map<String, String> signatureHeaders(String method, String pathWithQuery, byte[] body, String timestamp,
                                                String nonce) {
        String canonical = timestamp + "\n" + nonce + "\n" + method + "\n" + pathWithQuery + "\n" + hex(sha256(body));
        return Map.of("X-Api-Key", apiKey, "X-Timestamp", timestamp, "X-Nonce", nonce,
                "X-Signature", hex(hmacSha256(apiSecret, canonical)));
    }

    /** An unsigned request builder, for tests of what the service does with one. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path));
    }

    /** Sends the request; the answer must match the service's OpenAPI document, or the test fails here. */
    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            OpenApiDocument.of(serviceUrl).assertMatches(response);
            return new Response(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A signed GET sent over a plain socket, for request targets Java's HTTP client refuses to send (bad
     * percent-encoding, for instance) but an attacker's client would.
     */
    public Response rawGet(String pathWithQuery) {
        return raw("GET", pathWithQuery, null, Map.of());
    }

    /**
     * A signed request written byte for byte over a plain socket: the request target is sent exactly as given (spaces,
     * bad escapes, raw non-ASCII bytes), and the body as these bytes, with {@code headers} besides the signing ones.
     * The answer is checked against the OpenAPI document like any other.
     */
    public Response raw(String method, String target, byte[] body, Map<String, String> headers) {
        byte[] bytes = body == null ? new byte[0] : body;
        Map<String, String> all = new LinkedHashMap<>(signatureHeaders(method,
                new String(target.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1), bytes));
        all.putAll(headers);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (body != null) {
            head.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        all.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        request.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(target.getBytes(StandardCharsets.UTF_8));
        request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        request.writeBytes(bytes);
        URI base = URI.create(baseUrl);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            // Written beside the reading, as a browser does: the service may answer (413, say) and close before the
            // whole body is sent, and a refused write is then no failure.
            Thread writer = new Thread(() -> {
                try {
                    socket.getOutputStream().write(request.toByteArray());
                } catch (IOException closedEarly) {
                    // the answer tells what happened
                }
            });
            writer.start();
            byte[] received = readAnswer(socket.getInputStream());
            socket.close();
            writer.join(30_000);
            Response answer = parseRaw(received);
            String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
            OpenApiDocument.of(serviceUrl).assertMatches(method, path, answer.status(), answer.headers(), answer.body());
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A signed request sent over a plain socket: the headers and the first half of the body, then
     * {@code betweenHalves}, then the rest. While {@code betweenHalves} runs, the service is serving a request it
     * cannot finish yet: a request surely in flight.
     */
    public Response rawInHalves(String method, String path, byte[] body, Runnable betweenHalves) {
        Map<String, String> headers = new LinkedHashMap<>(signatureHeaders(method, path, body));
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                               + "Connection: close\r\nContent-Type: application/json\r\n"
                                               + "Content-Length: " + body.length + "\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        URI base = URI.create(baseUrl);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            betweenHalves.run();
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            byte[] received = readAnswer(socket.getInputStream());
            if (received.length == 0) {
                throw new EOFException("The connection closed without an answer");
            }
            return parseRaw(received);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one answer, up to its end (its Content-Length, its last chunk, or the end of the stream) rather than up to
     * the close: a service that stopped reading a huge body may take a while to close.
     */
    private static byte[] readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            while (!isComplete(received.toByteArray())) {
                int read = in.read(buffer);
                if (read < 0) {
                    break;
                }
                received.write(buffer, 0, read);
            }
        } catch (SocketException reset) {
            // A service that closes with part of the body unread resets the connection after its answer.
        }
        return received.toByteArray();
    }

    private static boolean isComplete(byte[] received) {
        String text = new String(received, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
        Matcher length = CONTENT_LENGTH.matcher(head);
        if (length.find()) {
            return received.length - headEnd - 4 >= Integer.parseInt(length.group(1));
        }
        return head.contains("transfer-encoding: chunked") && text.endsWith("\r\n0\r\n\r\n");
    }

    /** An HTTP/1.1 answer as read from a socket: status line, headers, and a plain or chunked body. */
    private static Response parseRaw(byte[] answer) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, List<String>> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    name -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(headEnd + 4);
        if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
            StringBuilder joined = new StringBuilder();
            int at = 0;
            while (true) {
                int lineEnd = body.indexOf("\r\n", at);
                int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
                if (size == 0) {
                    break;
                }
                joined.append(body, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
            body = joined.toString();
        }
        return new Response(status, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
                null, headers);
    }

    public static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmacSha256(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
